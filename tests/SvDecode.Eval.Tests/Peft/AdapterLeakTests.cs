using SvDecode.Eval.Decoding;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Peft;

/// <summary>Adapted and base sessions, and training steps, leave no live tensors behind (after a warm-up).</summary>
public sealed class AdapterLeakTests
{
    public static TheoryData<PeftMethod> Methods() => [.. PeftTestModels.Methods];

    [Theory]
    [MemberData(nameof(Methods))]
    public void GenerationScoringAndTrainingLeaveNoLiveTensors(PeftMethod method)
    {
        using var model = PeftTestModels.Load(PeftTestModels.Llama);
        using var adapter = PeftTestModels.Create(model, method, PeftTestModels.Llama, prefixProjection: method == PeftMethod.PrefixTuning);
        var adapted = new SessionLanguageModel(adapter.AdaptedSessions);
        var plain = new SessionLanguageModel(adapter.BaseSessions);
        var options = new GenerationOptions { MaxNewTokens = 6 };
        var training = ToyTask.Options(method) with { MaxSteps = 2 };
        void Work()
        {
            adapted.Generate([new GenerationRequest([1, 2, 3], options), new GenerationRequest([4], options)]);
            plain.LogLikelihood([new([1, 2], [3, 4]), new([5], [6])]);
            adapted.LogLikelihood([new([1, 2], [3, 4]), new([5], [6])]);
            WarmStartTrainer.Train(adapter, ToyTask.Examples, training);
        }

        Work(); // warm-up: gradients and lazily created tensors now exist
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Work();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
