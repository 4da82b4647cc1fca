namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>ARC-Easy (grade-school science, 3-5 answers), LLM-Adapters format</summary>
public sealed class ArcEasyAdapter : LlmAdaptersAdapter
{
    public override string Name => "arc_easy";

    public override string Description => "ARC-Easy (grade-school science, 3-5 answers), LLM-Adapters format";

    protected override ParsedQuestion Parse(string instruction) =>
        InstructionParser.ParseNumbered(instruction, "Please choose the correct answer to the question: ", "Answer");
}
