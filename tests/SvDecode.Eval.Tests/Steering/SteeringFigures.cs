using System.Globalization;
using System.Diagnostics;
using SvDecode.Eval.Calibration;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Models;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>
/// Steered vs plain greedy decode time (64 new tokens) and calibration time per 1,000 answer tokens on a ~25M-parameter
/// random Llama (hidden 512, 6 layers, 8 heads, intermediate 1408, vocab 8000) with a 20-token prompt-tuning adapter.
/// Run: SVDECODE_FIGURES=1 dotnet test --filter FullyQualifiedName~SteeringFigures --logger "console;verbosity=detailed"
/// </summary>
public sealed class SteeringFigures(ITestOutputHelper output)
{
    private const string Config = """
        {"architectures": ["LlamaForCausalLM"], "vocab_size": 8000, "hidden_size": 512, "intermediate_size": 1408,
         "num_hidden_layers": 6, "num_attention_heads": 8, "num_key_value_heads": 8, "rms_norm_eps": 1e-5,
         "rope_theta": 10000.0, "tie_word_embeddings": false, "max_position_embeddings": 1024}
        """;

    [FiguresFact]
    public void DecodeAndCalibrationTimes()
    {
        if (Environment.GetEnvironmentVariable("SVDECODE_FIGURES_THREADS") is { } threads)
        {
            torch.set_num_threads(int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture));
        }
        using var folder = new TinyModelFolder(Config, seed: 3);
        using var model = folder.Load();
        model.eval();
        var parameters = model.parameters().Sum(p => p.numel());
        using var prompt = torch.randn(20, 512) * 0.3f;
        var plain = new ModelLogitsSessionFactory(model, new ModelSessionOptions { PromptEmbeddings = prompt });
        var baseSessions = new ModelLogitsSessionFactory(model);
        var lockStep = new SteeredSessionFactory(baseSessions, plain, -0.5, SteeringOptions.ForGeneration);
        var batched = new SteeredSessionFactory(() => new BatchedPromptPairSession(model, prompt), model.Config.VocabSize, -0.5, SteeringOptions.ForGeneration);
        var random = new Random(1);
        var promptIds = Enumerable.Range(0, 32).Select(_ => random.Next(1, 8000)).ToArray();
        var options = new GenerationOptions { MaxNewTokens = 64 };

        double Once(ILogitsSessionFactory sessions, GenerationOptions generation)
        {
            using var session = sessions.Open();
            var clock = Stopwatch.StartNew();
            TokenGenerator.Generate(session, [promptIds], generation);
            return clock.Elapsed.TotalMilliseconds;
        }
        // The machine is shared: interleave the three in every round so load changes hit them alike.
        ILogitsSessionFactory[] contenders = [plain, lockStep, batched];
        foreach (var sessions in contenders)
        {
            Once(sessions, options with { MaxNewTokens = 4 }); // warm-up
        }
        var rounds = Enumerable.Range(0, 3).Select(_ => contenders.Select(c => Once(c, options)).ToArray()).ToList();
        double Median(Func<double[], double> pick) => rounds.Select(pick).Order().ElementAt(rounds.Count / 2);
        var plainMs = Median(r => r[0]);
        var lockStepMs = Median(r => r[1]);
        var batchedMs = Median(r => r[2]);
        output.WriteLine($"model: {parameters / 1e6:0.0}M parameters, {torch.get_num_threads()} threads");
        output.WriteLine($"greedy 64 new tokens after a 32-token prompt (prompt tuning, 20 virtual tokens), median of 3 interleaved rounds:");
        output.WriteLine($"  plain (adapted)          {plainMs,8:0.0} ms");
        output.WriteLine($"  steered, lock-step pair  {lockStepMs,8:0.0} ms  ({lockStepMs / plainMs:0.00}x; per round {string.Join(", ", rounds.Select(r => (r[1] / r[0]).ToString("0.00", CultureInfo.InvariantCulture)))})");
        output.WriteLine($"  steered, batched pair    {batchedMs,8:0.0} ms  ({batchedMs / plainMs:0.00}x; per round {string.Join(", ", rounds.Select(r => (r[2] / r[0]).ToString("0.00", CultureInfo.InvariantCulture)))})");

        // Calibration: 40 examples of 24 prompt + 25 answer tokens = 1,000 answer tokens.
        var examples = Enumerable.Range(0, 40).Select(_ => new CalibrationExample(
            [.. Enumerable.Range(0, 24).Select(_ => random.Next(1, 8000))], [.. Enumerable.Range(0, 25).Select(_ => random.Next(1, 8000))])).ToList();
        foreach (var (name, calibrator) in new[]
                 {
                     ("lock-step", new StrengthCalibrator(baseSessions, plain)),
                     ("batched", new StrengthCalibrator(() => new BatchedPromptPairSession(model, prompt))),
                 })
        {
            calibrator.Solve(examples.Take(8).ToList(), new StrengthSolverOptions());
            var clock = Stopwatch.StartNew();
            var tokens = calibrator.Solve(examples, new StrengthSolverOptions());
            output.WriteLine($"calibration ({name} pair, batch 8): {tokens.Count} answer tokens in {clock.Elapsed.TotalSeconds:0.00} s = {clock.Elapsed.TotalSeconds * 1000 / tokens.Count:0.00} s per 1,000 answer tokens");
        }
    }
}
