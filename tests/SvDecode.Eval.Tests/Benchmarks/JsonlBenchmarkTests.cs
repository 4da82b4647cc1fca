using SvDecode.Eval.Benchmarks.Jsonl;
using SvDecode.Eval.Data;
using Xunit;

namespace SvDecode.Eval.Tests.Benchmarks;

public sealed class JsonlBenchmarkTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Multiple_choice_and_question_answer_rows()
    {
        var path = _files.Write("mine.jsonl", """
            {"id": "q1", "question": "2+2?", "choices": ["3", "4"], "answer": 1}
            {"question": "Capital of France?", "choices": ["Paris", "Rome", "Oslo"], "answer": "Paris", "group": "geo"}

            {"id": 7, "question": "Is the earth flat?", "correct_answers": ["No", "It is round"], "incorrect_answers": ["Yes"], "meta": {"src": "me"}}
            """);
        var items = new JsonlBenchmark().Load(new BenchmarkLoadRequest(path), default).Split(BenchmarkSplits.Test);
        Assert.Equal(["jsonl:q1", "jsonl:line2", "jsonl:7"], items.Select(i => i.Id));
        Assert.Equal("Q: 2+2?\nA:", items[0].Prompt);
        Assert.Equal([" 3", " 4"], items[0].Choices);
        Assert.Equal(1, items[0].GoldIndex);
        Assert.Equal(" 4", items[0].WarmStart.Target);
        Assert.Equal(0, items[1].GoldIndex);
        Assert.Equal("geo", items[1].Group);
        Assert.Equal(-1, items[2].GoldIndex);
        Assert.Equal(["No", "Yes"], items[2].Mc1!.Answers);
        Assert.Equal([1, 1, 0], items[2].Mc2!.Labels);
        Assert.Equal(" No", items[2].WarmStart.Target);
    }

    [Theory]
    [InlineData("""{"question": "q", "choices": ["a", "b"], "answer": 2}""", "'answer' index 2 is outside 0..1.")]
    [InlineData("""{"question": "q", "choices": ["a", "b"], "answer": "c"}""", "'answer' \"c\" is not one of the choices.")]
    [InlineData("""{"question": "q", "choices": ["a", "b"]}""", "'choices' without 'answer' (the index or the text of the correct choice).")]
    [InlineData("""{"question": "q"}""", "a row needs 'choices' with 'answer' (multiple choice) or 'correct_answers' (question-answer).")]
    [InlineData("""{"question": "q", "choises": ["a"], "correct_answers": ["a"]}""", "unknown key 'choises'")]
    [InlineData("""{"question": 3, "correct_answers": ["a"]}""", "field 'question': expected a string, found the number 3.")]
    [InlineData("""["not", "an", "object"]""", "expected a JSON object, found an array.")]
    [InlineData("""{"question": "q", """, "invalid JSON")]
    public void Malformed_row_names_file_and_line(string badRow, string expected)
    {
        var path = _files.Write("bad.jsonl", "{\"question\": \"ok\", \"correct_answers\": [\"a\"]}\n" + badRow + "\n");
        var error = Assert.Throws<InputException>(() => new JsonlBenchmark().Load(new BenchmarkLoadRequest(path), default));
        Assert.StartsWith($"{path}:2: {expected}", error.Message, StringComparison.Ordinal);

        var data = new JsonlBenchmark().Load(new BenchmarkLoadRequest(path, SkipBadRows: true), default);
        Assert.Single(data.Split(BenchmarkSplits.Test));
        Assert.Equal(1, data.SkippedRowCount);
        Assert.Equal(2, data.SkippedRows[0].Line);
    }

    [Fact]
    public void Duplicate_ids_are_bad_rows()
    {
        var path = _files.Write("dup.jsonl", "{\"id\": \"a\", \"question\": \"q\", \"correct_answers\": [\"x\"]}\n{\"id\": \"a\", \"question\": \"r\", \"correct_answers\": [\"y\"]}\n");
        Assert.Equal($"{path}:2: id 'a' appears more than once in this file.",
            Assert.Throws<InputException>(() => new JsonlBenchmark().Load(new BenchmarkLoadRequest(path), default)).Message);
    }
}
