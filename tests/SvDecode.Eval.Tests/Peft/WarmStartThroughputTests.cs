using System.Diagnostics;
using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Layers;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Training;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Peft;

/// <summary>
/// Figures for the report, printed (never asserted: timings are machine noise): warm-start training tokens/s per
/// method with the paper's settings on a random ~25M-parameter Llama built in memory (hidden 512, 6 layers, 8 heads,
/// intermediate 1408, vocab 8000), batch 1 of 128 tokens, after one untimed step.
/// Run alone: dotnet test --filter "FullyQualifiedName~WarmStartThroughput" --logger "console;verbosity=detailed".
/// </summary>
public sealed class WarmStartThroughputTests(ITestOutputHelper output)
{
    public const string Llama25M = """
        {"architectures": ["LlamaForCausalLM"], "vocab_size": 8000, "hidden_size": 512, "intermediate_size": 1408,
         "num_hidden_layers": 6, "num_attention_heads": 8, "num_key_value_heads": 8, "rms_norm_eps": 1e-5,
         "rope_theta": 10000.0, "tie_word_embeddings": false, "max_position_embeddings": 1024}
        """;

    private const int Tokens = 128;
    /// <summary>3 in CI; set SVDECODE_THROUGHPUT_STEPS for a steadier figure.</summary>
    private static readonly int TimedSteps = int.TryParse(Environment.GetEnvironmentVariable("SVDECODE_THROUGHPUT_STEPS"), out var n) && n > 0 ? n : 3;

    [Fact]
    public void TokensPerSecondPerMethod()
    {
        using var model = RandomModel();
        var total = model.parameters().Sum(p => p.numel());
        output.WriteLine($"model: {total:N0} parameters, {get_num_threads()} threads; batch 1 × {Tokens} tokens ({Tokens - 32} answer tokens)");
        var example = new EncodedExample([.. Enumerable.Range(0, Tokens).Select(i => 1 + (i * 37 % 7999))], 32, false);
        foreach (var method in new[] { PeftMethod.Lora, PeftMethod.Ia3, PeftMethod.PromptTuning, PeftMethod.PrefixTuning })
        {
            using var adapter = PeftAdapters.Create(model, new WarmStartSettings().ConfigFor(method, model.Config, "llama-25m"), seed: 1);
            var options = new TrainingOptions { LearningRate = 5e-5, MaxSteps = 1, Seed = 1 };
            WarmStartTrainer.Train(adapter, [example], options); // warm-up: allocator, kernels
            var clock = Stopwatch.StartNew();
            var report = WarmStartTrainer.Train(adapter, [example], options with { MaxSteps = TimedSteps });
            var seconds = clock.Elapsed.TotalSeconds;
            Assert.True(double.IsFinite(report.FinalLoss));
            var trainable = adapter.TrainableParameters.Sum(p => p.numel());
            output.WriteLine($"{method,-13} {TimedSteps * Tokens / seconds,8:F0} tokens/s  ({seconds / TimedSteps * 1000:F0} ms/step, {trainable:N0} trainable)");
        }
    }

    private static CausalLanguageModel RandomModel()
    {
        var model = CausalLanguageModelFactory.Create(ModelConfigParser.Parse(Llama25M), new ParameterFactory(ScalarType.Float32, CPU));
        var generator = new Generator(42);
        using var noGrad = no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal))
            {
                p.fill_(1);
            }
            else
            {
                p.copy_(randn(p.shape, generator: generator) * 0.02);
            }
        }
        model.eval();
        return model;
    }
}
