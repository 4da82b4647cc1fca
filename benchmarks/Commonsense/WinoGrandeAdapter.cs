namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>WinoGrande (fill the blank, 2 options), LLM-Adapters format</summary>
public sealed class WinoGrandeAdapter : LlmAdaptersAdapter
{
    public override string Name => "winogrande";

    public override string Description => "WinoGrande (fill the blank, 2 options), LLM-Adapters format";

    protected override ParsedQuestion Parse(string instruction) =>
        InstructionParser.ParseNumbered(instruction, "Please choose the correct answer to fill in the blank to complete the given sentence: ", "Option");
}
