namespace SvDecode.Eval.Decoding;

/// <summary>One prompt (token ids) to continue.</summary>
public sealed record GenerationRequest(IReadOnlyList<int> PromptIds, GenerationOptions Options);
