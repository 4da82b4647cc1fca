namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>ARC-Challenge (grade-school science, 3-5 answers), LLM-Adapters format</summary>
public sealed class ArcChallengeAdapter : LlmAdaptersAdapter
{
    public override string Name => "arc_challenge";

    public override string Description => "ARC-Challenge (grade-school science, 3-5 answers), LLM-Adapters format";

    protected override ParsedQuestion Parse(string instruction) =>
        InstructionParser.ParseNumbered(instruction, "Please choose the correct answer to the question: ", "Answer");
}
