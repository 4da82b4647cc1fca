using SvDecode.Eval.Data;
using SvDecode.Eval.Tokenization;
using SvDecode.Eval.Training;

namespace SvDecode.Eval.Calibration;

/// <summary>One teacher-forced calibration pair: μ*_t is solved at every target token given the prompt and the earlier
/// target tokens (method.md §3).</summary>
public sealed record CalibrationExample(IReadOnlyList<int> PromptIds, IReadOnlyList<int> TargetIds)
{
    /// <summary>
    /// Tokenises a (prompt, target) text pair the way scoring does: the prompt with the tokenizer's special tokens
    /// (BOS as its config says; a trailing EOS is dropped so the target can follow), the target without.
    /// </summary>
    public static CalibrationExample FromText(ITextTokenizer tokenizer, string prompt, string target) =>
        new(EncodePrompt(tokenizer, prompt), tokenizer.Encode(target, addSpecialTokens: false));

    /// <summary>
    /// A calibration example whose targets are the warm-start's training targets (method.md §9): the prompt as
    /// <see cref="FromText"/> encodes it, then the answer tokens and the EOS token <see cref="WarmStartEncoder"/>
    /// appends (when the tokenizer has one), so μ* is solved at every token the adapter learned, the stop included.
    /// </summary>
    public static CalibrationExample FromWarmStart(ITextTokenizer tokenizer, WarmStartExample example) =>
        new(EncodePrompt(tokenizer, example.Prompt), WarmStartEncoder.AnswerIds(tokenizer, example.Target));

    private static List<int> EncodePrompt(ITextTokenizer tokenizer, string prompt)
    {
        var promptIds = tokenizer.Encode(prompt, addSpecialTokens: true).ToList();
        if (tokenizer.AddEosToken && tokenizer.EosTokenId is { } eos && promptIds.Count > 0 && promptIds[^1] == eos)
        {
            promptIds.RemoveAt(promptIds.Count - 1);
        }
        return promptIds;
    }
}
