using static TorchSharp.torch;

namespace SvDecode.Eval.Training;

/// <summary>A micro-batch's scalar loss (with autograd), the number of tokens it was averaged over, and the number of
/// tokens the model ran on to get it (prompt and answer, no padding), the throughput figure.</summary>
public sealed record BatchLoss(Tensor Loss, long Tokens, long InputTokens = 0);
