using SvDecode.Eval.Tokenization;

namespace SvDecode.Eval.Calibration;

/// <summary>One teacher-forced calibration pair: μ*_t is solved at every target token given the prompt and the earlier
/// target tokens (method.md §3).</summary>
public sealed record CalibrationExample(IReadOnlyList<int> PromptIds, IReadOnlyList<int> TargetIds)
{
    /// <summary>
    /// Tokenises a (prompt, target) text pair the way scoring does: the prompt with the tokenizer's special tokens
    /// (BOS as its config says; a trailing EOS is dropped so the target can follow), the target without.
    /// </summary>
    public static CalibrationExample FromText(ITextTokenizer tokenizer, string prompt, string target)
    {
        var promptIds = tokenizer.Encode(prompt, addSpecialTokens: true).ToList();
        if (tokenizer.AddEosToken && tokenizer.EosTokenId is { } eos && promptIds.Count > 0 && promptIds[^1] == eos)
        {
            promptIds.RemoveAt(promptIds.Count - 1);
        }
        return new CalibrationExample(promptIds, tokenizer.Encode(target, addSpecialTokens: false));
    }
}
