using System.Diagnostics;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Layers;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Steering;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tool.Bench;
using Xunit;
using Xunit.Abstractions;

namespace SvDecode.Eval.Tests.Performance;

/// <summary>
/// Fused q/k/v and gate/up products against separate ones (<see cref="FusedProjections"/>), toggled within one process
/// and within one decode: each round decodes every part once, its steps alternately fused and separate, and a part's
/// figure is the median over rounds of (median fused step / median separate step) of the same decode, so a slow
/// stretch of the shared machine cancels out. Bench models 27M and 134M, batch 1 and 8: the base model, the
/// LoRA-adapted model (q/v) and its steered batched pair. A measurement for docs/performance.md, not a test.
/// Run: SVDECODE_FIGURES=1 dotnet test -c Release --filter FullyQualifiedName~FusedProjectionProfile --logger "console;verbosity=detailed"
/// </summary>
[Collection(FusedProjectionsCollection.Name)]
public sealed class FusedProjectionProfile(ITestOutputHelper output)
{
    private const int Rounds = 7;

    private const int Steps = 32;

    [FiguresFact]
    public void FusedOverSeparateStepTime()
    {
        TorchSharp.torch.set_num_threads(2);
        FusedProjections.AllShapes = true;
        using var temp = new TempDirectory();
        output.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var shape in new[] { BenchModelShape.Small, BenchModelShape.Medium })
        {
            using var model = ModelLoader.Load(RandomModelFolder.Ensure(temp.Path, shape, seed: 20251128));
            using var lora = PeftAdapters.Create(model, new WarmStartSettings().ConfigFor(PeftMethod.Lora, model.Config, null), seed: 1);
            var random = new Random(3);
            foreach (var batch in new[] { 1, 8 })
            {
                var prompts = DecodeProfiles.RandomPrompts(random, batch);
                (string Name, ILogitsSessionFactory Sessions)[] parts =
                [
                    ("base, plain", new ModelLogitsSessionFactory(model)),
                    ("LoRA adapted, plain", lora.AdaptedSessions),
                    ("LoRA steered pair", new SteeredSessionFactory(() => lora.OpenPair(PairForward.Batched), model.Config.VocabSize, 1.0, SteeringOptions.ForGeneration)),
                ];
                foreach (var part in parts)
                {
                    FusedProjections.Enabled = true;
                    DecodeMeasurement.TimeSteps(part.Sessions, prompts, 4);
                    FusedProjections.Enabled = false;
                    DecodeMeasurement.TimeSteps(part.Sessions, prompts, 4);
                }
                var rounds = Enumerable.Range(0, Rounds).Select(r => parts.Select(p => TimeBoth(p.Sessions, prompts, fusedFirst: r % 2 == 0)).ToArray()).ToList();
                output.WriteLine($"{shape.Name}, batch {batch}: ms per step fused / separate (medians), fused / separate (median of per-round ratios)");
                for (var i = 0; i < parts.Length; i++)
                {
                    var fused = DecodeProfiles.Median(rounds.Select(r => r[i].Fused)) * 1000;
                    var separate = DecodeProfiles.Median(rounds.Select(r => r[i].Separate)) * 1000;
                    var ratio = DecodeProfiles.Median(rounds.Select(r => r[i].Fused / r[i].Separate));
                    output.WriteLine($"  {parts[i].Name,-22} {fused,7:0.00} / {separate,7:0.00} ms  {ratio,5:0.000}x");
                }
            }
            output.WriteLine($"load average after {shape.Name}: {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        (FusedProjections.Enabled, FusedProjections.AllShapes) = (true, false);
    }

    /// <summary>Median seconds of a fused and of a separate decode step, over 2 × <see cref="Steps"/> greedy steps of one
    /// session that alternate step by step (the switch is read at every forward, and the weights are the same), so the
    /// machine's slow stretches and the growing cache weigh on both alike.</summary>
    private static (double Fused, double Separate) TimeBoth(ILogitsSessionFactory sessions, IReadOnlyList<IReadOnlyList<int>> prompts, bool fusedFirst)
    {
        using var session = sessions.Open();
        var logits = session.Start(prompts); // (B, V)
        var (fused, separate) = (new List<double>(), new List<double>());
        try
        {
            for (var i = 0; i < 2 * Steps; i++)
            {
                var on = (i % 2 == 0) == fusedFirst;
                FusedProjections.Enabled = on;
                using var next = logits.argmax(-1); // (B)
                logits.Dispose();
                var start = Stopwatch.GetTimestamp();
                logits = session.Advance(next);
                (on ? fused : separate).Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
        }
        finally
        {
            logits.Dispose();
        }
        return (DecodeProfiles.Median(fused), DecodeProfiles.Median(separate));
    }
}
