namespace SvDecode.Eval.Training;

/// <summary>One optimiser step in the training log: mean micro-batch loss, learning rate, grad norm before clipping.</summary>
public sealed record TrainingStep(int Step, int Epoch, double Loss, double LearningRate, double GradNorm, long Tokens, long InputTokens = 0);
