using System.Globalization;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.TruthfulQa;

/// <summary>
/// Reads TruthfulQA.csv (columns Type, Category, Question, Best Answer, Correct Answers, Incorrect Answers[, Source];
/// answers separated by ";"). A question's id is its 0-based data row; when a question_ids.tsv (id TAB question) sits
/// beside the CSV and covers every question, its ids are used instead (the shared copy is a subset of the 817 rows).
/// Answers are closed with a period, as the TruthfulQA repository's split_multi_answer/format_best do.
/// </summary>
public static class TruthfulQaCsv
{
    private static readonly string[] RequiredColumns = ["Category", "Question", "Best Answer", "Correct Answers", "Incorrect Answers"];

    public static IReadOnlyList<TruthfulQaQuestion> Read(DataFile file, BenchmarkDataBuilder data, CancellationToken ct)
    {
        var records = CsvReader.Read(file);
        if (records.Count == 0)
        {
            throw new InputException($"{file.Path}: no header row.");
        }
        var header = records[0].Fields.Select(f => f.Trim()).ToList();
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in RequiredColumns)
        {
            var at = header.IndexOf(name);
            if (at < 0)
            {
                throw new InputException($"{file.Path}:{records[0].Line}: missing column '{name}' (found: {string.Join(", ", header)}).");
            }
            column[name] = at;
        }
        var policy = data.Policy;
        var ids = ReadIds(file.Path, data, ct);
        var questions = new List<TruthfulQaQuestion>(records.Count - 1);
        for (var r = 1; r < records.Count; r++)
        {
            ct.ThrowIfCancellationRequested();
            var record = records[r];
            var rowIndex = r - 1;
            var question = policy.Row(file.Path, record.Line, () =>
            {
                if (record.Fields.Count != header.Count)
                {
                    throw new BadRowException($"{record.Fields.Count} fields where the header has {header.Count}.");
                }
                var text = record.Fields[column["Question"]].Trim();
                var best = record.Fields[column["Best Answer"]].Trim();
                var correct = SplitAnswers(record.Fields[column["Correct Answers"]]);
                var incorrect = SplitAnswers(record.Fields[column["Incorrect Answers"]]);
                if (text.Length == 0 || best.Length == 0 || correct.Count == 0 || incorrect.Count == 0)
                {
                    throw new BadRowException("empty Question, Best Answer, Correct Answers or Incorrect Answers.");
                }
                return new TruthfulQaQuestion(rowIndex, record.Line, record.Fields[column["Category"]].Trim(), text,
                    new GenerationReferences(Close(best), correct, incorrect));
            });
            if (question is not null)
            {
                questions.Add(question);
            }
        }
        if (ids is not null && questions.All(q => ids.ContainsKey(q.Question)))
        {
            return questions.Select(q => q with { Id = ids[q.Question] }).ToList();
        }
        return questions;
    }

    public static IReadOnlyList<string> SplitAnswers(string field) =>
        field.Split(';').Select(a => a.Trim()).Where(a => a.Length > 0).Select(Close).ToList();

    private static string Close(string answer) => answer.EndsWith('.') ? answer : answer + ".";

    private static Dictionary<string, int>? ReadIds(string csvPath, BenchmarkDataBuilder data, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(csvPath))!, "question_ids.tsv");
        if (!File.Exists(path))
        {
            return null;
        }
        var file = data.Read(path, ct);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = file.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0 || !int.TryParse(line[..tab], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw new InputException($"{path}:{i + 1}: expected '<id>\\t<question>'.");
            }
            ids[line[(tab + 1)..].Trim()] = id;
        }
        return ids;
    }
}
