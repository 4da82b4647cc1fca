namespace SvDecode.Eval.Data;

/// <summary>One warm-start training pair: the loss is taken on <see cref="Target"/> tokens only (method.md §5).</summary>
public sealed record WarmStartExample(string Prompt, string Target);
