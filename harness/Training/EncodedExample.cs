namespace SvDecode.Eval.Training;

/// <summary>A tokenised warm-start pair: <see cref="Ids"/> = prompt ids then answer ids; the loss covers ids from <see cref="AnswerStart"/> on.</summary>
public sealed record EncodedExample(IReadOnlyList<int> Ids, int AnswerStart, bool Truncated)
{
    public int AnswerTokens => Ids.Count - AnswerStart;
}
