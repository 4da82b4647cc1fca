namespace SvDecode.Eval.Data;

/// <summary>
/// One evaluation question, already rendered with the benchmark's template, carrying what every metric needs.
/// Multiple-choice items fill <see cref="Choices"/>/<see cref="GoldIndex"/>; TruthfulQA fills <see cref="Mc1"/>,
/// <see cref="Mc2"/> and <see cref="References"/>; every item has a warm-start example.
/// </summary>
public sealed record BenchmarkItem
{
    /// <summary>Stable id, unique within a benchmark ("boolq:test:17", "truthfulqa:42").</summary>
    public required string Id { get; init; }

    /// <summary>Category, subject or suite (TruthfulQA category, MMLU subject); null when the data has none.</summary>
    public string? Group { get; init; }

    /// <summary>The raw question text (as in the data), for judges that see the question without the benchmark's
    /// prompt; null when the data has no single question field.</summary>
    public string? Question { get; init; }

    /// <summary>The rendered context: what is scored against (log-likelihood) or generated from.</summary>
    public required string Prompt { get; init; }

    /// <summary>Rendered continuations for log-likelihood ranking, in choice order (appended to <see cref="Prompt"/> as is).</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>The raw choice texts (as in the data), parallel to <see cref="Choices"/>.</summary>
    public IReadOnlyList<string> ChoiceTexts { get; init; } = [];

    /// <summary>Index of the correct choice, or -1 when the item has no single gold choice.</summary>
    public int GoldIndex { get; init; } = -1;

    /// <summary>
    /// The answer strings generate-then-parse looks for, parallel to <see cref="Choices"/>
    /// ("answer1".., "option1".., "solution1".., "ending1".., "true"/"false", "A".."D").
    /// </summary>
    public IReadOnlyList<string> AnswerLabels { get; init; } = [];

    /// <summary>TruthfulQA MC1 targets (one true answer, first), when the data has them.</summary>
    public McTargets? Mc1 { get; init; }

    /// <summary>TruthfulQA MC2/MC3 targets (several true and false answers), when the data has them.</summary>
    public McTargets? Mc2 { get; init; }

    /// <summary>Reference answers for open-ended generation metrics, when the data has them.</summary>
    public GenerationReferences? References { get; init; }

    /// <summary>Ids of the train items prefixed to <see cref="Prompt"/> as few-shot examples, in prompt order (empty
    /// zero-shot).</summary>
    public IReadOnlyList<string> FewShotIds { get; init; } = [];

    /// <summary>The (prompt, target) pair the warm-start fine-tune trains on; the target comes from the template.</summary>
    public required WarmStartExample WarmStart { get; init; }
}
