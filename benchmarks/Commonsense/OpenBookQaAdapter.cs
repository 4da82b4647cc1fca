namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>OpenBookQA (4 answers, no fact), LLM-Adapters format</summary>
public sealed class OpenBookQaAdapter : LlmAdaptersAdapter
{
    public override string Name => "openbookqa";

    public override string Description => "OpenBookQA (4 answers, no fact), LLM-Adapters format";

    protected override ParsedQuestion Parse(string instruction) =>
        InstructionParser.ParseNumbered(instruction, "Please choose the correct answer to the question: ", "Answer");
}
