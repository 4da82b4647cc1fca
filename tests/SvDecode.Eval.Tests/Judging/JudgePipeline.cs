using SvDecode.Eval.Benchmarks.Templates;
using SvDecode.Eval.Data;
using SvDecode.Eval.Models.Safetensors;
using SvDecode.Eval.Tests.Models;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tokenization;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Judging;

/// <summary>
/// A tiny truthfulqa_gen setting with an LLM judge: a ten-question TruthfulQA.csv, a random Llama with a BPE tokenizer
/// trained on the questions, the QA primer and the judge prompts (so " yes" and " no" are single tokens), a
/// prompt-tuning adapter for the stand-in warm-start stage, and judge model folders (random Llamas sharing that
/// tokenizer; different seeds give different judges).
/// </summary>
internal sealed class JudgePipeline : IDisposable
{
    private static readonly string[] Things = ["cats", "dogs", "the sun", "the moon", "trees", "rivers", "birds", "fish", "stones", "clouds"];

    private readonly TrainedBpe _tokenizer;
    private readonly string _config;
    private readonly List<TinyModelFolder> _judges = [];

    public JudgePipeline(TempDirectory dir)
    {
        Dir = dir;
        var rows = Things.Select((t, i) =>
            $"Adversarial,Misc,Why do {t} shine?,{t} do not shine,\"{t} do not shine; {t} are dark\",\"{t} shine because of magic; {t} glow\",src").ToList();
        dir.File("TruthfulQA.csv", "Type,Category,Question,Best Answer,Correct Answers,Incorrect Answers,Source\n" + string.Join("\n", rows) + "\n");
        dir.File("mc_task.json", "[" + string.Join(",", Things.Select(t =>
            $"{{\"question\": \"Why do {t} shine?\", \"mc1_targets\": {{\"{t} do not shine.\": 1, \"{t} glow.\": 0}}, \"mc2_targets\": {{\"{t} do not shine.\": 1, \"{t} are dark.\": 1, \"{t} glow.\": 0}}}}")) + "]");
        var primer = TemplateLibrary.Get(TemplateLibrary.TruthfulQa).Render(PromptTemplate.PromptSection, new Dictionary<string, string> { ["question"] = "Why?" });
        _tokenizer = BpeTrainer.Train([.. rows, primer, "Q: A: True: yes no Helpful: yes no", " yes", " no"], vocabSize: 700, specialTokens: ["<|endoftext|>"]);
        // Long enough positions for the six-shot primer plus a few generated tokens.
        _config = TinyModelFolder.LlamaConfig.Replace("\"vocab_size\": 61", $"\"vocab_size\": {_tokenizer.VocabSize}", StringComparison.Ordinal)
            .Replace("\"eos_token_id\": 2", $"\"eos_token_id\": {_tokenizer.VocabSize - 1}", StringComparison.Ordinal)
            .Replace("\"max_position_embeddings\": 128", "\"max_position_embeddings\": 1024", StringComparison.Ordinal);
        Model = new TinyModelFolder(_config, seed: 11);
        _tokenizer.Save(Model.Directory);
        AdapterDirectory = dir.Combine("prompt-adapter");
        Directory.CreateDirectory(AdapterDirectory);
        File.WriteAllText(Path.Combine(AdapterDirectory, "adapter_config.json"),
            """{"peft_type": "PROMPT_TUNING", "task_type": "CAUSAL_LM", "num_virtual_tokens": 2, "token_dim": 32}""");
        var generator = new Generator(3);
        using var embeddings = randn([2, 32], generator: generator);
        SafetensorsWriter.Save(Path.Combine(AdapterDirectory, "adapter_model.safetensors"), new Dictionary<string, Tensor> { ["prompt_embeddings"] = embeddings });
    }

    public TempDirectory Dir { get; }

    public TinyModelFolder Model { get; }

    public string AdapterDirectory { get; }

    /// <summary>Also evaluate truthfulqa_mc on the same questions (a benchmark the judge does not apply to).</summary>
    public bool IncludeMc { get; set; }

    /// <summary>A judge model folder: a random Llama of the given seed with the shared tokenizer.</summary>
    public string Judge(int seed)
    {
        var judge = new TinyModelFolder(_config, seed);
        _tokenizer.Save(judge.Directory);
        _judges.Add(judge);
        return judge.Directory;
    }

    /// <summary>The pipeline file; <paramref name="judgeModel"/> null leaves the judge out.</summary>
    public string WritePipeline(string? judgeModel) => WritePipeline("[off, on]", judgeModel);

    public string WritePipeline(string steering, string? judgeModel, params string[] judgeFields) => Dir.File("judged.yaml", $"""
        name: judged
        seed: 3
        model:
          path: {Model.Directory}
        benchmarks:
          - name: truthfulqa_gen
            data: TruthfulQA.csv
            split:
              train_fraction: 0.4
              calibration_fraction: 0.5
        {(IncludeMc ? "  - name: truthfulqa_mc\n    data: TruthfulQA.csv\n    split:\n      train_fraction: 0.4\n      calibration_fraction: 0.5" : "")}
        matrix:
          peft: [prompt_tuning]
          steering: {steering}
        decode:
          max_new_tokens: 3
        {Scoring(judgeModel, judgeFields)}
        """);

    private static string Scoring(string? judgeModel, string[] judgeFields) => judgeModel is null
        ? "scoring:\n  batch_size: 16"
        : "scoring:\n  judge:\n    model: " + judgeModel + string.Concat(judgeFields.Select(f => "\n    " + f));

    public void Dispose()
    {
        Model.Dispose();
        foreach (var judge in _judges)
        {
            judge.Dispose();
        }
    }
}
