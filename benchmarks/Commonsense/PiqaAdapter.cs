namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>PIQA (physical commonsense, 2 solutions), LLM-Adapters format</summary>
public sealed class PiqaAdapter : LlmAdaptersAdapter
{
    public override string Name => "piqa";

    public override string Description => "PIQA (physical commonsense, 2 solutions), LLM-Adapters format";

    protected override ParsedQuestion Parse(string instruction) =>
        InstructionParser.ParseNumbered(instruction, "Please choose the correct solution to the question: ", "Solution");
}
