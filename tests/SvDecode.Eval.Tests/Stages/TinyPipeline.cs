using SvDecode.Eval.Models.Safetensors;
using SvDecode.Eval.Tests.Models;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tokenization;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Stages;

/// <summary>
/// A tiny end-to-end setting for the steering, strength and score stages: a random Llama with a BPE tokenizer trained
/// on the items' own words, a JSONL multiple-choice benchmark, and a prompt-tuning adapter that a stand-in warmstart
/// stage copies into its artifact (the real warm-start stage belongs to the PEFT issue).
/// </summary>
internal sealed class TinyPipeline : IDisposable
{
    private static readonly string[] Words = ["red", "blue", "green", "cat", "dog", "sun", "moon", "yes", "no", "tree"];

    /// <param name="groups">Give every item a JSONL `group` ("even", "odd" by its line number).</param>
    public TinyPipeline(TempDirectory dir, int items = 30, bool groups = false)
    {
        Dir = dir;
        var lines = Enumerable.Range(0, items).Select(i =>
            $"{{\"question\": \"is the {Words[i % 10]} {Words[(i * 3 + 1) % 10]}?\", \"choices\": [\"{Words[(i + 2) % 10]}\", \"{Words[(i + 5) % 10]}\", \"{Words[(i + 7) % 10]}\"], \"answer\": {i % 3}{(groups ? $", \"group\": \"{(i % 2 == 0 ? "even" : "odd")}\"" : "")}}}").ToList();
        dir.File("items.jsonl", string.Join("\n", lines) + "\n");
        var trained = BpeTrainer.Train([.. lines, "Q: A:"], vocabSize: 300, specialTokens: ["<|endoftext|>"]);
        var config = TinyModelFolder.LlamaConfig.Replace("\"vocab_size\": 61", $"\"vocab_size\": {trained.VocabSize}", StringComparison.Ordinal)
            .Replace("\"eos_token_id\": 2", $"\"eos_token_id\": {trained.VocabSize - 1}", StringComparison.Ordinal);
        Model = new TinyModelFolder(config, seed: 99);
        trained.Save(Model.Directory);
        AdapterDirectory = dir.Combine("prompt-adapter");
        Directory.CreateDirectory(AdapterDirectory);
        File.WriteAllText(Path.Combine(AdapterDirectory, "adapter_config.json"),
            """{"peft_type": "PROMPT_TUNING", "task_type": "CAUSAL_LM", "num_virtual_tokens": 3, "token_dim": 32}""");
        var generator = new Generator(7);
        using var embeddings = randn([3, 32], generator: generator);
        SafetensorsWriter.Save(Path.Combine(AdapterDirectory, "adapter_model.safetensors"), new Dictionary<string, Tensor> { ["prompt_embeddings"] = embeddings });
    }

    public TempDirectory Dir { get; }

    public TinyModelFolder Model { get; }

    public string AdapterDirectory { get; }

    public string WritePipeline(string extra = "") => Dir.File("tiny.yaml", $"""
        name: tiny
        seed: 5
        model:
          path: {Model.Directory}
        benchmarks:
          - name: jsonl
            data: items.jsonl
            split:
              calibration_fraction: 0.3
        matrix:
          peft: [prompt_tuning]
          steering: [off, on]
        decode:
          max_new_tokens: 4
        {extra}
        """);

    public void Dispose() => Model.Dispose();
}
