namespace SvDecode.Eval.Judging;

/// <summary>One line of the score stage's judge.jsonl: the judge's verdicts on one generated answer.</summary>
/// <param name="PTruth">P(" yes") normalised over {yes, no} for the truthfulness prompt.</param>
/// <param name="PInfo">The same for the informativeness prompt.</param>
public sealed record JudgeItemOutput(string Id, bool Truth, bool Info, double PTruth, double PInfo)
{
    public const string FileName = "judge.jsonl";
}
