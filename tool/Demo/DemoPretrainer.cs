using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SvDecode.Eval.Data;
using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Layers;
using SvDecode.Eval.Models.Safetensors;
using SvDecode.Eval.Tokenization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Demo;

/// <summary>
/// Builds the demo model folder from nothing: generates the world and corpus, trains a byte-level BPE on it, and
/// trains a small tied-embedding Llama from scratch (full-parameter AdamW, linear warm-up then cosine decay, seeded
/// initialisation and batch order, fixed thread count), then writes config.json, model.safetensors, tokenizer.json,
/// tokenizer_config.json and pretrain.json (options and loss curve) in Hugging Face layout.
/// Deliberately self-contained (a plain next-token loop over packed windows); PEFT warm-start training lives elsewhere.
/// </summary>
public static class DemoPretrainer
{
    public const string EndOfText = "<|endoftext|>";

    public static DemoPretrainResult Run(DemoPretrainOptions options, string outputFolder, Action<string>? log = null, CancellationToken ct = default)
    {
        options.Validate();
        log ??= _ => { };
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(outputFolder);
        LibTorch.MklVendorCheck.EnsureApplied();
        // The thread count is process-wide: restore it, so a caller (a test host) is left as it was.
        var previousThreads = torch.get_num_threads();
        torch.set_num_threads(options.Threads);
        try
        {
            return Build(options, outputFolder, log, clock, ct);
        }
        finally
        {
            torch.set_num_threads(previousThreads);
        }
    }

    private static DemoPretrainResult Build(DemoPretrainOptions options, string outputFolder, Action<string> log, Stopwatch clock, CancellationToken ct)
    {

        var world = DemoWorld.Generate(options.World);
        var pages = DemoCorpus.Generate(world);
        // The tokenizer also sees the benchmark files, so their words are whole tokens too; the model trains only on
        // the corpus (whose quiz pages ask the same questions, after a register header).
        var tokenizerText = pages.Concat(DemoQuestionSets.Files(world).SelectMany(f => f.Text.Split('\n')));
        BpeTrainer.Train(tokenizerText, options.VocabSize, [EndOfText]).Save(outputFolder);
        var tokenizer = TokenizerLoader.Load(outputFolder);
        var eos = tokenizer.EosTokenId ?? throw new InvalidOperationException("the demo tokenizer has no EOS token");
        var pageTokens = pages.Select(page => tokenizer.Encode(page, addSpecialTokens: false).Select(id => (long)id).Append(eos).ToArray()).ToList();
        var tokenCount = pageTokens.Sum(p => (long)p.Length);
        log(string.Create(CultureInfo.InvariantCulture, $"corpus: {pages.Count} pages, {tokenCount} tokens; tokenizer: {tokenizer.VocabSize} ids ({clock.Elapsed.TotalSeconds:0.0} s)"));

        var configPath = Path.Combine(outputFolder, "config.json");
        File.WriteAllText(configPath, ConfigJson(options, tokenizer.VocabSize, eos), new UTF8Encoding(false));
        var config = ModelConfigParser.Load(outputFolder);
        using var model = CausalLanguageModelFactory.Create(config, new ParameterFactory(ScalarType.Float32, CPU));
        var parameters = Initialise(model, options);
        var losses = Train(model, parameters, options, pageTokens, log, clock, ct);

        var tensors = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        SafetensorsWriter.Save(Path.Combine(outputFolder, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        File.WriteAllText(Path.Combine(outputFolder, "pretrain.json"), JsonSerializer.Serialize(new
        {
            // The demo's line predates --world and stays as it was, so its committed pretrain.json keeps its bytes.
            command = options.World.Name == DemoWorlds.Demo ? "svdecode-eval pretrain" : $"svdecode-eval pretrain --world {options.World.Name}",
            options,
            corpus_pages = pages.Count,
            corpus_tokens = tokenCount,
            parameters = parameters.Sum(p => p.numel()),
            losses,
        }, PretrainJson) + "\n", new UTF8Encoding(false));
        return new DemoPretrainResult(outputFolder, parameters.Sum(p => p.numel()), tokenizer.VocabSize, pages.Count, tokenCount,
            options.Steps, losses, clock.Elapsed.TotalSeconds);
    }

    private static readonly JsonSerializerOptions PretrainJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>
    /// GPT-2-style initialisation from a seeded generator: N(0, 0.02) for embeddings and projections, with the
    /// residual outputs (o_proj, down_proj) scaled by 1/√(2·layers); RMSNorm gains 1. Returns the trainable parameters.
    /// </summary>
    private static List<Parameter> Initialise(CausalLanguageModel model, DemoPretrainOptions options)
    {
        using var generator = new Generator(options.TrainingSeed, device: CPU); // seeded draws on the CPU, copied into the parameters wherever they live
        var residualStd = 0.02 / Math.Sqrt(2.0 * options.Layers);
        var trainable = new List<Parameter>();
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                if (name.EndsWith("norm.weight", StringComparison.Ordinal))
                {
                    parameter.fill_(1.0f);
                }
                else
                {
                    var std = name.EndsWith("o_proj.weight", StringComparison.Ordinal) || name.EndsWith("down_proj.weight", StringComparison.Ordinal)
                        ? residualStd
                        : 0.02;
                    using var value = randn(parameter.shape, generator: generator, device: CPU) * std;
                    parameter.copy_(value);
                }
                parameter.requires_grad = true;
                trainable.Add(parameter);
            }
        }
        return trainable;
    }

    /// <summary>
    /// Next-token training on non-overlapping windows of the packed token stream (pages, each ending in EOS), visited
    /// in a seeded shuffled order, epoch after epoch. With <see cref="DemoPretrainOptions.ReshufflePages"/> the pages
    /// are packed in a new seeded order every epoch, so no window recurs and a fact can only be learnt from its page.
    /// </summary>
    private static List<DemoLossPoint> Train(CausalLanguageModel model, List<Parameter> parameters, DemoPretrainOptions options,
        List<long[]> pageTokens, Action<string> log, Stopwatch clock, CancellationToken ct)
    {
        var t = options.SequenceLength;
        var stream = pageTokens.SelectMany(p => p).ToArray();
        var windows = (int)((stream.Length - 1) / t);
        if (windows < options.BatchSize)
        {
            throw new InputException($"pretrain: the corpus has {windows} windows of {t} tokens, fewer than one batch of {options.BatchSize}.");
        }
        var order = new SplitMix64(options.TrainingSeed);
        var queue = new Queue<int>();
        var optimizer = optim.AdamW(parameters, lr: options.LearningRate, beta1: 0.9, beta2: 0.95, weight_decay: options.WeightDecay);
        var losses = new List<DemoLossPoint>();
        var window = 0.0;
        model.train();
        for (var step = 1; step <= options.Steps; step++)
        {
            ct.ThrowIfCancellationRequested();
            var batch = new long[options.BatchSize * (t + 1)];
            for (var row = 0; row < options.BatchSize; row++)
            {
                if (queue.Count == 0)
                {
                    if (options.ReshufflePages)
                    {
                        var pageOrder = pageTokens.ToList();
                        order.Shuffle(pageOrder);
                        stream = pageOrder.SelectMany(p => p).ToArray();
                    }
                    var epoch = Enumerable.Range(0, windows).ToList();
                    order.Shuffle(epoch);
                    epoch.ForEach(queue.Enqueue);
                }
                Array.Copy(stream, (long)queue.Dequeue() * t, batch, row * (t + 1), t + 1);
            }
            var lr = LearningRate(options, step);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = lr;
            }
            window += Step(model, parameters, optimizer, batch, options);
            if (step % options.LogEvery == 0 || step == options.Steps)
            {
                var span = step % options.LogEvery == 0 ? options.LogEvery : step % options.LogEvery;
                losses.Add(new DemoLossPoint(step, Math.Round(window / span, 4), lr));
                log(string.Create(CultureInfo.InvariantCulture, $"step {step}/{options.Steps}: loss {window / span:0.0000}, lr {lr:0.######} ({clock.Elapsed.TotalSeconds:0.0} s)"));
                window = 0;
            }
        }
        model.eval();
        foreach (var parameter in parameters)
        {
            parameter.requires_grad = false;
        }
        return losses;
    }

    /// <summary>One optimiser step on a batch of B windows of T+1 tokens; returns the mean cross-entropy.</summary>
    private static double Step(CausalLanguageModel model, List<Parameter> parameters, optim.Optimizer optimizer, long[] batch, DemoPretrainOptions options)
    {
        using var scope = NewDisposeScope();
        var (b, t) = (options.BatchSize, options.SequenceLength);
        var device = parameters[0].device;
        var tokens = tensor(batch, device: device).view(b, t + 1);                          // (B, T+1)
        var inputs = tokens.narrow(1, 0, t);                                                // (B, T)
        var targets = tokens.narrow(1, 1, t);                                               // (B, T)
        var mask = ones(b, t, dtype: ScalarType.Int64, device: device);
        var positions = arange(t, dtype: ScalarType.Int64, device: device).unsqueeze(0).expand(b, t); // (B, T)
        var logits = model.Forward(inputs, mask, positions);                                 // (B, T, V)
        var loss = nn.functional.cross_entropy(logits.reshape(b * t, -1), targets.reshape(b * t));
        optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(parameters, options.GradientClip);
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Linear warm-up to the peak, then cosine decay to MinLearningRateRatio × peak at the last step.</summary>
    internal static double LearningRate(DemoPretrainOptions options, int step)
    {
        if (step <= options.WarmupSteps)
        {
            return options.LearningRate * step / options.WarmupSteps;
        }
        var progress = options.Steps == options.WarmupSteps ? 1.0 : (double)(step - options.WarmupSteps) / (options.Steps - options.WarmupSteps);
        var floor = options.MinLearningRateRatio;
        return options.LearningRate * (floor + ((1 - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress))));
    }

    /// <summary>A Hugging Face LlamaForCausalLM config.json; the Llama fields this tool and transformers read.</summary>
    private static string ConfigJson(DemoPretrainOptions options, int vocabSize, int eos)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("architectures");
            json.WriteStringValue("LlamaForCausalLM");
            json.WriteEndArray();
            json.WriteString("model_type", "llama");
            json.WriteNumber("vocab_size", vocabSize);
            json.WriteNumber("hidden_size", options.HiddenSize);
            json.WriteNumber("intermediate_size", options.IntermediateSize);
            json.WriteNumber("num_hidden_layers", options.Layers);
            json.WriteNumber("num_attention_heads", options.Heads);
            json.WriteNumber("num_key_value_heads", options.Heads);
            json.WriteNumber("max_position_embeddings", 2 * options.SequenceLength);
            json.WriteNumber("rms_norm_eps", 1e-5);
            json.WriteNumber("rope_theta", 10000.0);
            json.WriteString("hidden_act", "silu");
            json.WriteBoolean("tie_word_embeddings", true);
            json.WriteBoolean("attention_bias", false);
            json.WriteNumber("bos_token_id", eos);
            json.WriteNumber("eos_token_id", eos);
            json.WriteString("torch_dtype", "float32");
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
