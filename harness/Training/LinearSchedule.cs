namespace SvDecode.Eval.Training;

/// <summary>
/// transformers' get_linear_schedule_with_warmup: the learning-rate factor rises linearly from 0 to 1 over the
/// warm-up steps, then falls linearly to 0 at the last step. <paramref name="step"/> counts steps already taken.
/// </summary>
public static class LinearSchedule
{
    public static int WarmupSteps(int totalSteps, double warmupRatio) => (int)Math.Ceiling(totalSteps * warmupRatio);

    public static double Factor(int step, int totalSteps, int warmupSteps)
    {
        if (step < warmupSteps)
        {
            return (double)step / Math.Max(1, warmupSteps);
        }
        return Math.Max(0.0, (double)(totalSteps - step) / Math.Max(1, totalSteps - warmupSteps));
    }
}
