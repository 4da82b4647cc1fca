namespace SvDecode.Eval.Results;

/// <summary>
/// One load of a model's weights: how many parameters, their bytes in the dtype they were loaded in, how long it took
/// (tokenizer included), and the process's resident memory just before the weights (tokenizer read, LibTorch started:
/// the process's fixed cost) and after them — what the stages' memory peaks are compared with.
/// </summary>
public sealed record ModelLoad(string Path, string Dtype, string Device, long Parameters, long WeightBytes, double Seconds, long ResidentBeforeBytes, long ResidentAfterBytes);
