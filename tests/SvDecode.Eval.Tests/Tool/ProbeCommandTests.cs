using System.Text.Json;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Tool;

/// <summary>`probe --json` against the expected outputs of our own reference models (tests/fixtures/reference).</summary>
public sealed class ProbeCommandTests
{
    private static string Reference(params string[] parts) => Path.Combine([SharedFiles.RepositoryRoot, "tests", "fixtures", "reference", .. parts]);

    public static TheoryData<string> Models() => ["ref-llama", "ref-llama3-rope", "ref-qwen2", "ref-mistral", "ref-gpt2", "ref-llama-bf16"];

    [Theory]
    [MemberData(nameof(Models))]
    public async Task ProbeMatchesTheReferenceArgmaxLogitsAndGreedyContinuation(string model)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Reference("expected", model + ".json")));
        var sequence = expected.RootElement.GetProperty("sequences")[0];
        var ids = sequence.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var greedy = expected.RootElement.GetProperty("greedy")[0];
        var prompt = greedy.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var continuation = greedy.GetProperty("output_ids").EnumerateArray().Select(e => e.GetInt32()).ToList();

        var (code, output, error) = await CliRunner.RunAsync("probe", "--model", Reference("models", model), "--input-ids", string.Join(",", ids), "--json");
        Assert.True(code == 0, error);
        using var probe = JsonDocument.Parse(output);
        Assert.Equal(ids, probe.RootElement.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(sequence.GetProperty("argmax").EnumerateArray().Select(e => e.GetInt32()), probe.RootElement.GetProperty("argmax").EnumerateArray().Select(e => e.GetInt32()));
        var expectedLast = sequence.GetProperty("last3_logits")[2].EnumerateArray().Select(e => e.GetDouble()).ToList();
        var actualLast = probe.RootElement.GetProperty("last_logits").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(expectedLast.Count, actualLast.Count);
        Assert.All(expectedLast.Zip(actualLast), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-4, $"{p.First} vs {p.Second}"));

        var (genCode, genOutput, genError) = await CliRunner.RunAsync("probe", "--model", Reference("models", model), "--input-ids", string.Join(",", prompt), "--generate", continuation.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.True(genCode == 0, genError);
        using var generated = JsonDocument.Parse(genOutput);
        Assert.Equal(continuation, generated.RootElement.GetProperty("generated_ids").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task TargetLogProbsMatchTheReferenceLogLikelihoods()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Reference("expected", "ref-llama.json")));
        var pair = expected.RootElement.GetProperty("loglik")[0];
        var context = string.Join(",", pair.GetProperty("context_ids").EnumerateArray().Select(e => e.GetInt32()));
        var targets = string.Join(",", pair.GetProperty("continuation_ids").EnumerateArray().Select(e => e.GetInt32()));

        var (code, output, error) = await CliRunner.RunAsync("probe", "--model", Reference("models", "ref-llama"), "--input-ids", context, "--target-ids", targets, "--json");

        Assert.True(code == 0, error);
        using var probe = JsonDocument.Parse(output);
        var actual = probe.RootElement.GetProperty("target_logprobs").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var wanted = pair.GetProperty("token_logprobs").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(wanted.Count, actual.Count);
        Assert.All(wanted.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-4, $"{p.First} vs {p.Second}"));
    }

    [Theory]
    [InlineData("--input-ids 1,x", "'x' is not a token id")]
    [InlineData("--input-ids 100000", "outside the vocabulary")]
    [InlineData("", "exactly one of --input-ids and --text")]
    public async Task BadProbeInputIsExitCodeTwo(string extra, string message)
    {
        var args = new List<string> { "probe", "--model", Reference("models", "ref-llama") };
        args.AddRange(extra.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var (code, _, error) = await CliRunner.RunAsync([.. args]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
