namespace SvDecode.Eval.Scoring;

/// <summary>What the model did on one test item: one line of the score stage's per-item outputs.</summary>
/// <param name="Id">The item id (as in item_scores.json).</param>
/// <param name="ChoiceScores">Total log-likelihood per choice (multiple choice), or null.</param>
/// <param name="Mc1Scores">TruthfulQA mc1 answer scores, or null.</param>
/// <param name="Mc2Scores">TruthfulQA mc2 answer scores, or null.</param>
/// <param name="Prediction">The chosen or parsed choice index; null when unparsable or not a choice task.</param>
/// <param name="Generated">The generated text (generate mode and open-ended generation), or null.</param>
/// <param name="TieBroken">Hard-mode scoring: the unsteered scores decided a metric of this item (tied steered scores,
/// or every answer of a set left the mask; method.md §9).</param>
public sealed record ItemOutput(
    string Id,
    IReadOnlyList<double>? ChoiceScores,
    IReadOnlyList<double>? Mc1Scores,
    IReadOnlyList<double>? Mc2Scores,
    int? Prediction,
    string? Generated,
    bool TieBroken);
