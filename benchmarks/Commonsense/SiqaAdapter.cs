namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>Social IQa (3 answers), LLM-Adapters format</summary>
public sealed class SiqaAdapter : LlmAdaptersAdapter
{
    public override string Name => "siqa";

    public override string Description => "Social IQa (3 answers), LLM-Adapters format";

    protected override ParsedQuestion Parse(string instruction) =>
        InstructionParser.ParseNumbered(instruction, "Please choose the correct answer to the question: ", "Answer");
}
