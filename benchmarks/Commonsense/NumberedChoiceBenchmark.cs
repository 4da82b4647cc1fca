namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>
/// An LLM-Adapters suite whose instruction is a question after a fixed prefix, then numbered choices
/// ("Solution1: …", "Answer1: …", "Option1: …"). Such suites differ only in data, so each is a definition in
/// <see cref="NumberedChoiceSuites"/>, not a class.
/// </summary>
public sealed class NumberedChoiceBenchmark(string name, string description, string questionPrefix, string labelWord) : LlmAdaptersBenchmark
{
    public override string Name => name;

    public override string Description => description;

    protected override ParsedQuestion Parse(string instruction) => InstructionParser.ParseNumbered(instruction, questionPrefix, labelWord);
}
