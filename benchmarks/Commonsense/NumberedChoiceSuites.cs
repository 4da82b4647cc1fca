namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>The numbered-choice commonsense suites of LLM-Adapters, as data.</summary>
public static class NumberedChoiceSuites
{
    private const string AnswerPrefix = "Please choose the correct answer to the question: ";

    public static NumberedChoiceBenchmark Piqa { get; } = new("piqa", "PIQA (physical commonsense, 2 solutions), LLM-Adapters format",
        "Please choose the correct solution to the question: ", "Solution");

    public static NumberedChoiceBenchmark Siqa { get; } = new("siqa", "Social IQa (3 answers), LLM-Adapters format", AnswerPrefix, "Answer");

    public static NumberedChoiceBenchmark WinoGrande { get; } = new("winogrande", "WinoGrande (fill the blank, 2 options), LLM-Adapters format",
        "Please choose the correct answer to fill in the blank to complete the given sentence: ", "Option");

    public static NumberedChoiceBenchmark ArcEasy { get; } = new("arc_easy", "ARC-Easy (grade-school science, 3-5 answers), LLM-Adapters format", AnswerPrefix, "Answer");

    public static NumberedChoiceBenchmark ArcChallenge { get; } = new("arc_challenge", "ARC-Challenge (grade-school science, 3-5 answers), LLM-Adapters format", AnswerPrefix, "Answer");

    public static NumberedChoiceBenchmark OpenBookQa { get; } = new("openbookqa", "OpenBookQA (4 answers, no fact), LLM-Adapters format", AnswerPrefix, "Answer");
}
