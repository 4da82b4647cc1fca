using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
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
/// Where a steered decode step goes, on the bench's 27M model (or the one SVDECODE_PROFILE_MODEL names, e.g.
/// llama-134m), batch 1 and 8, 32 greedy steps, medians of interleaved samples: the plain base model, the plain
/// adapted model, both at twice the rows (the batched pair's floor), the raw (base, adapted) pair without the
/// steering arithmetic (batched and lock-step), and the full steered step. A profile for docs/performance.md, not a test.
/// Run: SVDECODE_FIGURES=1 dotnet test --filter FullyQualifiedName~SteeredDecodeProfile --logger "console;verbosity=detailed"
/// </summary>
public sealed class SteeredDecodeProfile(ITestOutputHelper output)
{
    private const int Samples = 9;

    private const int Steps = 32;

    [FiguresFact]
    public void StepCostByPart()
    {
        TorchSharp.torch.set_num_threads(2);
        using var temp = new TempDirectory();
        var name = Environment.GetEnvironmentVariable("SVDECODE_PROFILE_MODEL");
        var shape = name is null ? BenchModelShape.Small : BenchSuite.Full.Models.Single(m => m.Name == name);
        using var model = ModelLoader.Load(RandomModelFolder.Ensure(temp.Path, shape, seed: 20251128));
        output.WriteLine($"{shape.Name}, load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        var random = new Random(3);
        foreach (var method in new[] { PeftMethod.Lora, PeftMethod.Ia3, PeftMethod.PromptTuning })
        {
            using var adapter = PeftAdapters.Create(model, new WarmStartSettings().ConfigFor(method, model.Config, null), seed: 1);
            foreach (var batch in new[] { 1, 8 })
            {
                var prompts = DecodeProfiles.RandomPrompts(random, batch);
                List<IReadOnlyList<int>> twice = [.. prompts, .. prompts];
                // The plain models at twice the rows show what 2B rows cost by themselves: the batched pair's floor.
                (string Name, ILogitsSessionFactory Sessions, List<IReadOnlyList<int>> Prompts)[] parts =
                [
                    ("base, plain", adapter.BaseSessions, prompts),
                    ("adapted, plain", adapter.AdaptedSessions, prompts),
                    ("base, plain, 2B rows", adapter.BaseSessions, twice),
                    ("adapted, plain, 2B rows", adapter.AdaptedSessions, twice),
                    ("pair batched, no steering", new UnsteeredPairSessionFactory(() => adapter.OpenPair(PairForward.Batched), model.Config.VocabSize), prompts),
                    ("pair lock-step, no steering", new UnsteeredPairSessionFactory(() => adapter.OpenPair(PairForward.LockStep), model.Config.VocabSize), prompts),
                    ("steered batched", new SteeredSessionFactory(() => adapter.OpenPair(PairForward.Batched), model.Config.VocabSize, 1.0, SteeringOptions.ForGeneration), prompts),
                    ("steered lock-step", new SteeredSessionFactory(() => adapter.OpenPair(PairForward.LockStep), model.Config.VocabSize, 1.0, SteeringOptions.ForGeneration), prompts),
                ];
                foreach (var part in parts)
                {
                    DecodeMeasurement.TimeSteps(part.Sessions, part.Prompts, 4);
                }
                // Each sample times every part once, back to back; a part's cost is the median over samples of its time
                // / the adapted plain time of the same sample, so a slow stretch of the machine cancels out.
                var samples = Enumerable.Range(0, Samples).Select(_ => parts.Select(p => DecodeMeasurement.TimeSteps(p.Sessions, p.Prompts, Steps)).ToArray()).ToList();
                output.WriteLine($"{method}, batch {batch}: ms per step (median), x adapted plain (median of per-sample ratios)");
                for (var i = 0; i < parts.Length; i++)
                {
                    var milliseconds = DecodeProfiles.Median(samples.Select(s => s[i])) * 1000 / Steps;
                    var ratio = DecodeProfiles.Median(samples.Select(s => s[i] / s[1]));
                    output.WriteLine($"  {parts[i].Name,-30} {milliseconds,7:0.00} ms  {ratio,5:0.00}x");
                }
            }
        }
    }
}
