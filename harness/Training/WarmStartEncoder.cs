using SvDecode.Eval.Data;
using SvDecode.Eval.Tokenization;

namespace SvDecode.Eval.Training;

/// <summary>
/// Tokenises (prompt, target) pairs with the model's tokenizer: BOS first when the tokenizer config adds one, the
/// prompt, the target, and EOS when the tokenizer has one (so the model learns to stop). Prompt and target are
/// encoded separately so the answer boundary is exact. Longer than max_length: prompt tokens are dropped from the
/// left (after BOS) so the answer survives; an answer longer than the whole budget is cut at its end.
/// </summary>
public sealed class WarmStartEncoder(ITextTokenizer tokenizer, int maxLength)
{
    public EncodedExample Encode(WarmStartExample example)
    {
        var bos = tokenizer.AddBosToken && tokenizer.BosTokenId is { } b ? new[] { b } : [];
        var prompt = tokenizer.Encode(example.Prompt, addSpecialTokens: false);
        var answer = AnswerIds(tokenizer, example.Target);
        var total = bos.Length + prompt.Count + answer.Count;
        if (total <= maxLength)
        {
            return new EncodedExample([.. bos, .. prompt, .. answer], bos.Length + prompt.Count, false);
        }
        var answerBudget = Math.Min(answer.Count, maxLength - bos.Length - 1); // keep ≥ 1 context token before the answer
        var promptBudget = maxLength - bos.Length - answerBudget;
        var keptPrompt = prompt.Skip(Math.Max(0, prompt.Count - promptBudget)).ToArray();
        if (bos.Length + keptPrompt.Length == 0)
        {
            answerBudget--; // nothing precedes the answer: its first token cannot be predicted, so give it the slot
            keptPrompt = [answer[0]];
            answer.RemoveAt(0);
        }
        return new EncodedExample([.. bos, .. keptPrompt, .. answer.Take(answerBudget)], bos.Length + keptPrompt.Length, true);
    }

    /// <summary>
    /// The tokens the warm-start learns after the prompt: the target's tokens, then EOS when the tokenizer has one.
    /// Strength calibration solves μ* at exactly these (method.md §9).
    /// </summary>
    public static List<int> AnswerIds(ITextTokenizer tokenizer, string target)
    {
        var answer = tokenizer.Encode(target, addSpecialTokens: false).ToList();
        if (tokenizer.EosTokenId is { } eos)
        {
            answer.Add(eos);
        }
        return answer;
    }

    public IReadOnlyList<EncodedExample> EncodeAll(IEnumerable<WarmStartExample> examples) => examples.Select(Encode).ToList();
}
