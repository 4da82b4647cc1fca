using SvDecode.Eval.Benchmarks.Commonsense;
using SvDecode.Eval.Benchmarks.Jsonl;
using SvDecode.Eval.Benchmarks.Mmlu;
using SvDecode.Eval.Benchmarks.TruthfulQa;
using SvDecode.Eval.Data;
using Xunit;

namespace SvDecode.Eval.Tests.Benchmarks;

/// <summary>Bad rows name file and line, or with skip_bad_rows are skipped and counted.</summary>
public sealed class MalformedRowTests : IDisposable
{
    private const string GoodArc = """{"instruction": "Please choose the correct answer to the question: Q?\n\nAnswer1: a Answer2: b Answer3: c\n\nAnswer format: answer1/answer2/answer3", "input": "", "output": "the correct answer is answer2", "answer": "answer2"}""";
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Llm_adapters_answer_outside_the_labels_names_the_line()
    {
        var bad = GoodArc.Replace("\"answer\": \"answer2\"", "\"answer\": \"answer7\"", StringComparison.Ordinal);
        var path = _files.Write("test.json", $"[\n  {GoodArc},\n  {bad}\n]\n");
        var error = Assert.Throws<InputException>(() => NumberedChoiceSuites.ArcEasy.Load(new BenchmarkLoadRequest(path), default));
        Assert.Equal($"{path}:3: answer 'answer7' is not one of answer1/answer2/answer3.", error.Message);
    }

    [Fact]
    public void Llm_adapters_bad_rows_are_skipped_and_counted()
    {
        var noAnswer = GoodArc.Replace(", \"answer\": \"answer2\"", "", StringComparison.Ordinal);
        var missingChoice = GoodArc.Replace(" Answer2: b", "", StringComparison.Ordinal);
        var path = _files.Write("test.json", $"[\n{GoodArc},\n{noAnswer},\n{missingChoice},\n{GoodArc}\n]");
        var data = NumberedChoiceSuites.ArcEasy.Load(new BenchmarkLoadRequest(path, SkipBadRows: true), default);
        Assert.Equal(2, data.Split(BenchmarkSplits.Test).Count);
        Assert.Equal(2, data.SkippedRowCount);
        Assert.Equal([3, 4], data.SkippedRows.Select(r => r.Line));
        Assert.Equal("missing field 'answer'.", data.SkippedRows[0].Reason);
        Assert.Contains("Answer2:", data.SkippedRows[1].Reason, StringComparison.Ordinal);
        // Ids keep the file row, so a skipped row does not shift the others.
        Assert.Equal(["arc_easy:test:0", "arc_easy:test:3"], data.Split(BenchmarkSplits.Test).Select(i => i.Id));
    }

    [Fact]
    public void Json_syntax_error_names_its_line()
    {
        var path = _files.Write("test.json", $"[\n{GoodArc},\n{{\"instruction\": oops}}\n]");
        var error = Assert.Throws<InputException>(() => NumberedChoiceSuites.ArcEasy.Load(new BenchmarkLoadRequest(path, SkipBadRows: true), default));
        Assert.StartsWith($"{path}:3: invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_and_invalid_utf8_files_are_clean_errors()
    {
        var empty = _files.Write("empty.json", "\n \n");
        Assert.Equal($"{empty}: the file is empty.",
            Assert.Throws<InputException>(() => NumberedChoiceSuites.Piqa.Load(new BenchmarkLoadRequest(empty), default)).Message);
        var invalid = _files.WriteBytes("bad.jsonl", [.. "{\"question\": \"q\", \"correct_answers\": [\"a\"]}\n"u8, 0x7B, 0xC3, 0x28, 0x7D, 0x0A]);
        Assert.Equal($"{invalid}:2: the file is not valid UTF-8.",
            Assert.Throws<InputException>(() => new JsonlBenchmark().Load(new BenchmarkLoadRequest(invalid), default)).Message);
        Assert.Equal($"{Path.Combine(_files.Folder, "missing.json")}: file not found.",
            Assert.Throws<InputException>(() => NumberedChoiceSuites.Piqa.Load(new BenchmarkLoadRequest(Path.Combine(_files.Folder, "missing.json")), default)).Message);
    }

    [Fact]
    public void Hellaswag_bad_label_and_cut_short_file()
    {
        var good = "Ctx: a man. he\n2\ne0\ne1\ne2\ne3\n";
        var path = _files.Write("hs.txt", good + "Ctx: b\n9\ne0\ne1\ne2\ne3\n" + good);
        var error = Assert.Throws<InputException>(() => new HellaSwagBenchmark().Load(new BenchmarkLoadRequest(path), default));
        Assert.StartsWith($"{path}:7: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("gold label must be 0-3, found '9'", error.Message, StringComparison.Ordinal);

        var skipped = new HellaSwagBenchmark().Load(new BenchmarkLoadRequest(path, SkipBadRows: true), default);
        Assert.Equal(2, skipped.Split(BenchmarkSplits.Test).Count);
        Assert.Equal(1, skipped.SkippedRowCount);

        var cut = _files.Write("cut.txt", good + "Ctx: c\n1\ne0\n");
        Assert.StartsWith($"{cut}:7: 9 lines is not a whole number",
            Assert.Throws<InputException>(() => new HellaSwagBenchmark().Load(new BenchmarkLoadRequest(cut), default)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mmlu_row_with_wrong_field_count_or_letter()
    {
        var path = _files.Write("data/test/toy_subject_test.csv", "q1,a,b,c,d,A\n\"q2, quoted\",a,b,c,d,E\nq3,a,b,c,d\n\"multi\nline\",a,b,c,d,d\n");
        var error = Assert.Throws<InputException>(() => new MmluBenchmark().Load(new BenchmarkLoadRequest(Path.Combine(_files.Folder, "data")), default));
        Assert.Equal($"{path}:2: answer must be A, B, C or D, found 'E'.", error.Message);
        var data = new MmluBenchmark().Load(new BenchmarkLoadRequest(_files.Folder, SkipBadRows: true), default);
        var items = data.Split(BenchmarkSplits.Test);
        Assert.Equal(2, items.Count);
        Assert.Equal([2, 3], data.SkippedRows.Select(r => r.Line));
        Assert.Equal("toy_subject", items[0].Group);
        Assert.Contains("about toy subject.", items[0].Prompt, StringComparison.Ordinal);
        Assert.Equal(3, items[1].GoldIndex);
        Assert.StartsWith("multi\nline\nA. a", items[1].Prompt.Split("\n\n")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Truthfulqa_mc_needs_mc_task_and_joins_on_question()
    {
        var csv = _files.Write("tqa/TruthfulQA.csv",
            "Type,Category,Question,Best Answer,Correct Answers,Incorrect Answers,Source\r\n"
            + "Adversarial,Misc,Is the sky green?,No,\"No; It is blue\",Yes,src\r\n"
            + "Adversarial,Misc,Is water dry?,No,No,\"Yes; Always\",src\r\n");
        Assert.Contains("no mc_task.json", Assert.Throws<InputException>(
            () => new TruthfulQaMcBenchmark().Load(new BenchmarkLoadRequest(csv), default)).Message, StringComparison.Ordinal);

        _files.Write("tqa/data/mc_task.json", """
            [
              {"question": "Is water dry?", "mc1_targets": {"No.": 1, "Yes.": 0}, "mc2_targets": {"No.": 1, "Yes.": 0, "Always.": 0}},
              {"question": "Is the sky green?", "mc1_targets": {"No.": 1, "Yes.": 0}, "mc2_targets": {"No.": 1, "It is blue.": 1, "Yes.": 0}}
            ]
            """);
        var data = new TruthfulQaMcBenchmark().Load(new BenchmarkLoadRequest(csv), default);
        var items = data.Split(BenchmarkSplits.Test);
        Assert.Equal(["truthfulqa:0", "truthfulqa:1"], items.Select(i => i.Id));
        Assert.Equal(["No.", "It is blue.", "Yes."], items[0].Mc2!.Answers);
        Assert.Equal([1, 1, 0], items[0].Mc2!.Labels);
        Assert.Equal([" No.", " It is blue.", " Yes."], items[0].Mc2!.Continuations);
        Assert.Equal(new[] { "No.", "It is blue." }, items[0].References!.Correct);
        Assert.Equal(" No.", items[0].WarmStart.Target);

        var generation = new TruthfulQaGenBenchmark().Load(new BenchmarkLoadRequest(csv), default);
        Assert.Null(generation.Split(BenchmarkSplits.Test)[0].Mc1);
        Assert.Equal(items.Select(i => i.Prompt), generation.Split(BenchmarkSplits.Test).Select(i => i.Prompt));
    }

    [Fact]
    public void Truthfulqa_mc1_must_put_the_true_answer_first()
    {
        var csv = _files.Write("TruthfulQA.csv", "Category,Question,Best Answer,Correct Answers,Incorrect Answers\nMisc,Q1?,A,A,B\nMisc,Q2?,A,A,B\n");
        var mc = _files.Write("mc.json", """
            [{"question": "Q1?", "mc1_targets": {"B.": 0, "A.": 1}, "mc2_targets": {"A.": 1, "B.": 0}},
             {"question": "Q2?", "mc1_targets": {"A.": 1, "B.": 0}, "mc2_targets": {"A.": 1, "B.": 0}}]
            """);
        var error = Assert.Throws<InputException>(() => new TruthfulQaMcBenchmark().Load(new BenchmarkLoadRequest(csv, McTaskPath: mc), default));
        Assert.Equal($"{mc}:1: mc1_targets must have exactly one true answer, and it must be the first key.", error.Message);
        // Skipping the bad MC entry leaves its question without targets: that question is skipped too, and both are counted.
        var data = new TruthfulQaMcBenchmark().Load(new BenchmarkLoadRequest(csv, McTaskPath: mc, SkipBadRows: true), default);
        Assert.Single(data.Split(BenchmarkSplits.Test));
        Assert.Equal(2, data.SkippedRowCount);
    }
}
