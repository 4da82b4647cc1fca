using SvDecode.Eval.Decoding;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Models;
using TorchSharp;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>Invariants of the steered session decorator that need no oracle: μ = 0 without a mask is the adapted
/// model for every strategy; the hard mask only ever emits kept tokens; decoding leaves no live tensors.</summary>
public sealed class SteeredDecodingTests
{
    private static readonly GenerationOptions[] Strategies =
    [
        new() { MaxNewTokens = 6 },
        new() { MaxNewTokens = 6, Strategy = DecodingStrategy.Sample, Seed = 3, TopK = 20 },
        new() { MaxNewTokens = 6, Strategy = DecodingStrategy.Beam, NumBeams = 3 },
    ];

    [Fact]
    public void ZeroStrengthWithoutMaskIsTheAdaptedModelForEveryStrategyAndForScoring()
    {
        using var model = SteeringReference.LoadModel();
        using var adapter = SteeringReference.Attach(model, "prefix");
        var steered = new SteeredSessionFactory(adapter.BaseSessions, adapter.AdaptedSessions, 0.0, new SteeringOptions { Mask = MaskMode.None });
        var plain = new SessionLanguageModel(adapter.AdaptedSessions);
        var zero = new SessionLanguageModel(steered);
        foreach (var options in Strategies)
        {
            GenerationRequest[] requests = [new([5, 17, 40], options), new([9], options)];
            Assert.Equal(plain.Generate(requests).Select(r => r.TokenIds), zero.Generate(requests).Select(r => r.TokenIds));
        }
        LogLikelihoodRequest[] scoring = [new([5, 17], [3, 4]), new([5, 17], [8]), new([60], [1, 2, 3])];
        Assert.Equal(plain.LogLikelihood(scoring).Select(r => r.Sum), zero.LogLikelihood(scoring).Select(r => r.Sum), (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void HardMaskGenerationOnlyEmitsTokensTheAdaptedModelKept()
    {
        using var model = SteeringReference.LoadModel();
        using var adapter = SteeringReference.Attach(model, "prompt");
        var steered = new SteeredSessionFactory(adapter.BaseSessions, adapter.AdaptedSessions, -10.0, SteeringOptions.ForGeneration with { Alpha = 0.3 });
        int[] prompt = [11, 22, 33];
        var sampling = new GenerationOptions { MaxNewTokens = 8, Strategy = DecodingStrategy.Sample, Seed = 1, Temperature = 2.0 };
        var output = new SessionLanguageModel(steered).Generate([new GenerationRequest(prompt, sampling)])[0].TokenIds;
        // Replay the context and check each sampled token was in the keep set at its step.
        for (var step = 0; step < output.Count; step++)
        {
            using var scope = torch.NewDisposeScope();
            using var pair = new LockStepPairSession(adapter.BaseSessions.Open(), adapter.AdaptedSessions.Open());
            var (_, zPhi) = pair.Start([[.. prompt, .. output.Take(step)]]);
            var keep = ConfidenceMask.Compute(zPhi.softmax(-1), 0.3);
            Assert.True(keep[0, output[step]].item<bool>(), $"step {step}: token {output[step]} was masked");
        }
    }

    [Fact]
    public void SteeredDecodingAndCalibrationLeaveNoLiveTensors()
    {
        using var model = SteeringReference.LoadModel();
        using var adapter = SteeringReference.Attach(model, "prefix");
        var steered = new SteeredSessionFactory(adapter.BaseSessions, adapter.AdaptedSessions, -0.5, SteeringOptions.ForGeneration);
        var lm = new SessionLanguageModel(steered);
        var calibrator = new Eval.Calibration.StrengthCalibrator(adapter.BaseSessions, adapter.AdaptedSessions, batchSize: 2);
        Eval.Calibration.CalibrationExample[] examples = [new([1, 2, 3], [4, 5]), new([6], [7, 8, 9]), new([10, 11], [12])];
        void Work()
        {
            foreach (var options in Strategies)
            {
                lm.Generate([new GenerationRequest([5, 6, 7], options), new GenerationRequest([8], options)]);
            }
            lm.LogLikelihood([new([5, 6], [7, 8]), new([5, 6], [9]), new([1], [2])]);
            calibrator.Solve(examples, new StrengthSolverOptions());
        }
        Work(); // warm-up: lazily created tensors exist before counting
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Work();
        Work();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
