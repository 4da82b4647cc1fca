using SvDecode.Eval.Training;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Training;

/// <summary>The general loop on a toy problem: fit a vector to a target under squared error.</summary>
public sealed class TrainingLoopTests
{
    private static TrainingReport Fit(TrainingOptions options, int examples, out Parameter p)
    {
        var w = new Parameter(zeros(3), requires_grad: true);
        using var target = tensor(new float[] { 1, -2, 3 });
        var report = TrainingLoop.Run([w], examples, batch => new BatchLoss((w - target).pow(2).sum(), batch.Count), options);
        p = w;
        return report;
    }

    [Fact]
    public void StepsFollowEpochsBatchesAndAccumulation()
    {
        // 5 examples, batch 2 → 3 micro-batches per epoch; accumulating 2 → 2 steps per epoch; 3 epochs → 6 steps.
        var report = Fit(new TrainingOptions { LearningRate = 0.1, Epochs = 3, BatchSize = 2, GradientAccumulation = 2, WarmupRatio = 0.5 }, 5, out _);

        Assert.Equal(6, report.Steps.Count);
        Assert.Equal([0, 0, 1, 1, 2, 2], report.Steps.Select(s => s.Epoch));
        Assert.Equal(15, report.Tokens); // every example once per epoch
        // Warm-up 3 steps then decay: lr = 0.1 × (0, 1/3, 2/3, 3/3, 2/3, 1/3).
        Assert.Equal([0, 0.1 / 3, 0.2 / 3, 0.1, 0.2 / 3, 0.1 / 3], report.Steps.Select(s => s.LearningRate), new ToleranceComparer(1e-12));
    }

    [Theory]
    [InlineData(0.25, 10, 3)]  // 2.5 steps, rounded up
    [InlineData(0.05, 20, 1)]  // exactly 1 (0.05 × 20 is 1.0000000000000002 in doubles)
    [InlineData(0.01, 20, 1)]  // 0.2 of a step: at least one
    [InlineData(1.5, 4, 6)]    // past one epoch into the next
    [InlineData(2, 7, 14)]     // whole epochs as before
    public void AFractionOfAnEpochIsThatShareOfItsStepsRoundedUp(double epochs, int examples, int steps)
    {
        var report = Fit(new TrainingOptions { LearningRate = 0.1, Epochs = epochs, WarmupRatio = 0.5 }, examples, out var w);

        Assert.Equal(steps, report.Steps.Count);
        Assert.Equal(Enumerable.Range(0, steps).Select(s => s / examples), report.Steps.Select(s => s.Epoch));
        // The schedule is that of the run's own steps: warm-up over ceil(steps / 2), the peak right after it.
        var warmup = (int)Math.Ceiling(steps * 0.5);
        Assert.Equal(0, report.Steps[0].LearningRate);
        if (warmup < steps)
        {
            Assert.Equal(0.1 / warmup, report.Steps[1].LearningRate, 12);
            Assert.Equal(0.1, report.Steps[warmup].LearningRate, 12);
        }
        w.Dispose();
    }

    [Fact]
    public void MaxStepsOverridesEpochsAndTheLossFalls()
    {
        var report = Fit(new TrainingOptions { LearningRate = 0.2, Epochs = 1, MaxSteps = 30, MaxGradNorm = 0 }, 2, out var w);

        Assert.Equal(30, report.Steps.Count);
        Assert.True(report.FinalLoss < 0.05 * report.Steps[0].Loss, $"{report.Steps[0].Loss} → {report.FinalLoss}");
        Assert.Equal(Math.Sqrt(4 * 14), report.Steps[0].GradNorm, 4); // ‖2(w − t)‖ at w = 0
        w.Dispose();
    }

    [Fact]
    public void ClippingBoundsTheUpdateButReportsTheNormBeforeIt()
    {
        var report = Fit(new TrainingOptions { LearningRate = 0.1, MaxSteps = 1, MaxGradNorm = 1.0 }, 1, out var w);
        Assert.Equal(Math.Sqrt(56), report.Steps[0].GradNorm, 4);
        w.Dispose();
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
