using SvDecode.Eval.Benchmarks.Templates;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.TruthfulQa;

/// <summary>
/// Builds TruthfulQA items: the CSV gives ids, categories and generation references; mc_task.json, joined on the exact
/// question text, gives MC1/MC2 targets. <c>DataPath</c> is TruthfulQA.csv or the folder holding it; mc_task.json is
/// <c>McTaskPath</c>, or found beside the CSV or in its data/ folder.
/// </summary>
public static class TruthfulQaLoader
{
    public static BenchmarkData Load(string benchmark, BenchmarkLoadRequest request, bool requireMc, CancellationToken ct)
    {
        var template = TemplateSchemas.Resolve(TemplateSchemas.TruthfulQa, request);
        var data = new BenchmarkDataBuilder(benchmark, template.Info, request.SkipBadRows);
        var policy = data.Policy;
        var csvPath = Directory.Exists(request.DataPath) ? Path.Combine(request.DataPath, "TruthfulQA.csv") : request.DataPath;
        var csv = data.Read(csvPath, ct);
        var questions = TruthfulQaCsv.Read(csv, data, ct);

        Dictionary<string, TruthfulQaMcEntry>? mc = null;
        var mcPath = request.McTaskPath ?? FindMcTask(csvPath);
        if (requireMc && mcPath is null)
        {
            throw new InputException($"{csvPath}: no mc_task.json beside it or in its data/ folder; give its path (mc_task) for {benchmark}.");
        }
        if (requireMc && mcPath is not null)
        {
            var mcFile = data.Read(mcPath, ct);
            mc = new Dictionary<string, TruthfulQaMcEntry>(StringComparer.Ordinal);
            foreach (var entry in TruthfulQaMcTask.Read(mcFile, policy))
            {
                if (!mc.TryAdd(entry.Question, entry))
                {
                    policy.Bad(mcFile.Path, entry.Line, $"question '{entry.Question}' appears twice.");
                }
            }
            var known = questions.Select(q => q.Question).ToHashSet(StringComparer.Ordinal);
            foreach (var orphan in mc.Values.Where(e => !known.Contains(e.Question)).OrderBy(e => e.Line))
            {
                policy.Bad(mcFile.Path, orphan.Line, $"question '{orphan.Question}' is not in {csv.Path}.");
            }
        }

        data.SetSplit(BenchmarkSplits.Test, data.Rows(csv, questions, q => q.Line, (question, _) => Build(benchmark, template, question, mc), ct));
        return data.Build();
    }

    private static BenchmarkItem Build(string benchmark, PromptTemplate template, TruthfulQaQuestion question, Dictionary<string, TruthfulQaMcEntry>? mc)
    {
        var prompt = template.Render(PromptTemplate.PromptSection, Fields(("question", question.Question)));
        var target = template.Render(PromptTemplate.TargetSection, Fields(("best_answer", question.References.Best!)));
        McTargets? mc1 = null;
        McTargets? mc2 = null;
        if (mc is not null)
        {
            if (!mc.TryGetValue(question.Question, out var entry))
            {
                throw new BadRowException($"question '{question.Question}' has no entry in mc_task.json.");
            }
            mc1 = Targets(template, entry.Mc1);
            mc2 = Targets(template, entry.Mc2);
        }
        return new BenchmarkItem
        {
            // All TruthfulQA adapters share ids, so a generation run and an MC run pair item by item.
            Id = $"truthfulqa:{question.Id}",
            Group = question.Category,
            Question = question.Question,
            Prompt = prompt,
            Choices = mc1?.Continuations ?? [],
            ChoiceTexts = mc1?.Answers ?? [],
            GoldIndex = mc1 is null ? -1 : 0,
            Mc1 = mc1,
            Mc2 = mc2,
            References = question.References,
            WarmStart = new WarmStartExample(prompt, target),
        };
    }

    private static McTargets Targets(PromptTemplate template, IReadOnlyList<(string Answer, int Label)> targets) => new(
        targets.Select(t => t.Answer).ToList(),
        targets.Select(t => template.Render(PromptTemplate.ChoiceSection, Fields(("choice", t.Answer)))).ToList(),
        targets.Select(t => t.Label).ToList());

    private static Dictionary<string, string> Fields(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static string? FindMcTask(string csvPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        return new[] { Path.Combine(folder, "mc_task.json"), Path.Combine(folder, "data", "mc_task.json") }.FirstOrDefault(File.Exists);
    }
}
