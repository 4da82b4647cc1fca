using SvDecode.Eval.Steering;
using TorchSharp;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>The steering code runs at every decode step: it must not leave native tensors behind.</summary>
public sealed class SteeringLeakTests
{
    [Fact]
    public void RepeatedSteeringStepsLeaveNoLiveTensors()
    {
        using var zTheta = torch.randn(2, 97);
        using var zPhi = torch.randn(2, 97);
        var options = SteeringOptions.ForGeneration;
        // Warm up once so lazily created tensors (if any) exist before counting.
        SteeredLogits.Compute(zTheta, zPhi, -0.5, options).Dispose();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var step = 0; step < 20; step++)
        {
            using var steered = SteeredLogits.Compute(zTheta, zPhi, -0.5, options);
            using var steering = SteeringVector.Compute(zTheta, zPhi);
            using var keep = ConfidenceMask.Compute(steering.AdaptedProbs);
            using var kept = ConfidenceMask.CountKept(keep);
            _ = SteeringVector.CountNonFinite(steered);
        }
        StrengthSolver.Solve(zTheta, zPhi, [1L, 2L]);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
