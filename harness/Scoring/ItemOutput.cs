using System.Text.Json.Serialization;

namespace SvDecode.Eval.Scoring;

/// <summary>
/// What the model did on one test item, enough to say why the item's score changed between cells: one line of the
/// score stage's items.jsonl (docs/results-schema.md). Named after lm-evaluation-harness's sample logs where the
/// meaning is the same (<see cref="DocId"/>, <see cref="Target"/>; <see cref="Prompt"/> + each of <see cref="Choices"/>
/// are its arguments, <see cref="Loglikelihoods"/> its filtered responses). Fields that do not apply are left out.
/// </summary>
/// <param name="DocId">The item id (as in item_scores.jsonl).</param>
/// <param name="Group">The item's category, subject or group (TruthfulQA category, MMLU subject, JSONL `group`).</param>
/// <param name="Scoring">How it was scored: multiple_choice, generate (generate and parse), truthfulqa_mc, open_ended.</param>
/// <param name="Prompt">The rendered context: the exact text scored against (a choice is appended to it as is) or generated from.</param>
/// <param name="Choices">Multiple choice: the rendered continuations, in choice order.</param>
/// <param name="Target">Multiple choice and generate: the gold choice index.</param>
/// <param name="References">Open-ended generation: the correct reference answers.</param>
/// <param name="Loglikelihoods">Multiple choice: each choice's total log-likelihood as scored (steered in a steered
/// cell; −∞ where a hard mask dropped an answer token).</param>
/// <param name="UnsteeredLoglikelihoods">Steered multiple choice: each choice's log-likelihood under the adapted model
/// alone, from the same forward pass.</param>
/// <param name="Prediction">The choice made (acc's argmax, or the parsed answer); absent when unparsable.</param>
/// <param name="UnsteeredPrediction">Steered multiple choice: the choice the unsteered log-likelihoods make.</param>
/// <param name="Mc1">TruthfulQA: the MC1 answers (true answer first).</param>
/// <param name="Mc2">TruthfulQA: the MC2 answers (several true and false).</param>
/// <param name="Generated">The generated text (generate mode and open-ended generation).</param>
/// <param name="TieBroken">Hard-mode scoring: the unsteered scores decided a metric of this item (tied steered scores,
/// or every answer of a set left the mask; method.md §9).</param>
public sealed record ItemOutput(
    string DocId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Group,
    string Scoring,
    string Prompt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Choices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Target,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? References,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<double>? Loglikelihoods,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<double>? UnsteeredLoglikelihoods,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Prediction,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? UnsteeredPrediction,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ItemAnswerSet? Mc1,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ItemAnswerSet? Mc2,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Generated,
    bool TieBroken);
