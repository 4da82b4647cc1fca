using System.Globalization;
using System.Text.Json;
using SvDecode.Eval.Benchmarks.Templates;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.Jsonl;

/// <summary>
/// Users' own data, one JSON object per line (docs/benchmarks.md):
/// {"id"?, "question", "choices"?: [..], "answer"?: index|string, "best_answer"?, "correct_answers"?: [..],
/// "incorrect_answers"?: [..], "group"?, "meta"?: {..}}. A row is multiple choice (choices + answer), question-answer
/// (correct_answers, optionally incorrect_answers) or both. With correct and incorrect answers it also gets MC1/MC2
/// targets (MC1: best answer first, then the incorrect ones), so TruthfulQA's metrics apply. Unknown keys are errors.
/// </summary>
public sealed class JsonlBenchmark : IBenchmark
{
    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
        { "id", "question", "choices", "answer", "best_answer", "correct_answers", "incorrect_answers", "group", "meta" };

    public string Name => "jsonl";

    public string Description => "Your own multiple-choice and/or question-answer data, one JSON object per line";

    public IReadOnlyList<string> Formats { get; } =
        ["JSONL: {id?, question, choices?, answer? (index or text), best_answer?, correct_answers?, incorrect_answers?, group?, meta?}"];

    public IReadOnlyList<string> Metrics => MetricNames.Jsonl;

    /// <summary>TruthfulQA's MC metrics when every row has correct and incorrect answers, else accuracy over the
    /// choices, else open-ended generation against the correct answers.</summary>
    public IReadOnlyList<ScoringKind> ScoringKinds { get; } = [ScoringKind.TruthfulQaMc, ScoringKind.MultipleChoice, ScoringKind.OpenEnded];

    public bool Judgeable => true;

    public TemplateSchema TemplateSchema => TemplateSchemas.Jsonl;

    public BenchmarkData Load(BenchmarkLoadRequest request, CancellationToken ct)
    {
        var template = TemplateSchemas.Resolve(TemplateSchema, request);
        var data = new BenchmarkDataBuilder(Name, template.Info, request.SkipBadRows);
        foreach (var (split, path) in BenchmarkDataBuilder.TestAndTrain(request))
        {
            var file = data.Read(path, ct);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var items = data.Rows(file, JsonLinesReader.Read(file, data.Policy), row => row.Line, (row, _) =>
            {
                var built = Build(template, split, row);
                if (!seen.Add(built.Id))
                {
                    throw new BadRowException($"id '{built.Id["jsonl:".Length..]}' appears more than once in this file.");
                }
                return built;
            }, ct);
            if (items.Count == 0 && data.Policy.Skipped.Count == 0)
            {
                throw new InputException($"{file.Path}: no rows.");
            }
            data.SetSplit(split, items);
        }
        return data.Build();
    }

    private static BenchmarkItem Build(PromptTemplate template, string split, JsonRow row)
    {
        row.RequireObject();
        foreach (var property in row.Value.EnumerateObject())
        {
            if (!KnownKeys.Contains(property.Name))
            {
                throw new BadRowException($"unknown key '{property.Name}' (allowed: {string.Join(", ", KnownKeys)}; put extra data under \"meta\").");
            }
        }
        var question = row.RequiredString("question").Trim();
        if (question.Length == 0)
        {
            throw new BadRowException("empty 'question'.");
        }
        var id = Id(row);
        var choices = row.OptionalStringArray("choices");
        var correct = row.OptionalStringArray("correct_answers") ?? [];
        var incorrect = row.OptionalStringArray("incorrect_answers") ?? [];
        var best = row.OptionalString("best_answer");
        if (choices is null && correct.Count == 0)
        {
            throw new BadRowException("a row needs 'choices' with 'answer' (multiple choice) or 'correct_answers' (question-answer).");
        }
        var gold = -1;
        if (choices is not null)
        {
            if (choices.Count < 2)
            {
                throw new BadRowException("'choices' needs at least two entries.");
            }
            gold = GoldIndex(row, choices);
        }
        else if (row.Value.TryGetProperty("answer", out _))
        {
            throw new BadRowException("'answer' without 'choices'; for question-answer data use 'correct_answers'.");
        }
        best ??= gold >= 0 ? choices![gold] : correct[0];

        var prompt = template.Render(PromptTemplate.PromptSection, Fields(("question", question)));
        var labels = choices?.ToList() ?? [];
        var continuations = (choices ?? []).Select((c, k) => template.Render(PromptTemplate.ChoiceSection,
            Fields(("choice", c), ("label", labels[k])))).ToList();
        McTargets? mc1 = null;
        McTargets? mc2 = null;
        if (correct.Count > 0 && incorrect.Count > 0)
        {
            mc1 = Targets(template, [best, .. incorrect], [1, .. incorrect.Select(_ => 0)]);
            mc2 = Targets(template, [.. correct, .. incorrect], [.. correct.Select(_ => 1), .. incorrect.Select(_ => 0)]);
        }
        return new BenchmarkItem
        {
            Id = $"jsonl:{id}",
            Group = row.OptionalString("group"),
            Question = question,
            Prompt = prompt,
            Choices = continuations,
            ChoiceTexts = choices ?? [],
            GoldIndex = gold,
            AnswerLabels = labels,
            Mc1 = mc1,
            Mc2 = mc2,
            References = correct.Count > 0 ? new GenerationReferences(best, correct, incorrect) : null,
            WarmStart = new WarmStartExample(prompt, template.Render(PromptTemplate.TargetSection, Fields(("best_answer", best)))),
        };
    }

    private static string Id(JsonRow row)
    {
        if (!row.Value.TryGetProperty("id", out var id) || id.ValueKind == JsonValueKind.Null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"line{row.Line}");
        }
        return id.ValueKind switch
        {
            JsonValueKind.String when id.GetString()!.Length > 0 => id.GetString()!,
            JsonValueKind.Number => id.GetRawText(),
            _ => throw new BadRowException($"'id' must be a non-empty string or a number, found {JsonFields.Describe(id)}."),
        };
    }

    private static int GoldIndex(JsonRow row, IReadOnlyList<string> choices)
    {
        if (!row.Value.TryGetProperty("answer", out var answer))
        {
            throw new BadRowException("'choices' without 'answer' (the index or the text of the correct choice).");
        }
        switch (answer.ValueKind)
        {
            case JsonValueKind.Number when answer.TryGetInt32(out var index):
                if (index < 0 || index >= choices.Count)
                {
                    throw new BadRowException($"'answer' index {index} is outside 0..{choices.Count - 1}.");
                }
                return index;
            case JsonValueKind.String:
                var text = answer.GetString()!;
                var at = choices.ToList().IndexOf(text);
                return at >= 0 ? at : throw new BadRowException($"'answer' \"{text}\" is not one of the choices.");
            default:
                throw new BadRowException($"'answer' must be a choice index or a choice text, found {JsonFields.Describe(answer)}.");
        }
    }

    private static McTargets Targets(PromptTemplate template, IReadOnlyList<string> answers, IReadOnlyList<int> labels) => new(
        answers,
        answers.Select(a => template.Render(PromptTemplate.ChoiceSection, Fields(("choice", a), ("label", a)))).ToList(),
        labels);

    private static Dictionary<string, string> Fields(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
