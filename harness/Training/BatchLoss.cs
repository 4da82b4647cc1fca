using static TorchSharp.torch;

namespace SvDecode.Eval.Training;

/// <summary>A micro-batch's scalar loss (with autograd) and the number of tokens it was averaged over.</summary>
public sealed record BatchLoss(Tensor Loss, long Tokens);
