using System.Text.Json;
using SvDecode.Eval.Tests.Models;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Peft;

/// <summary>`probe --adapter` reports the adapted model: the reference adapters' expected argmax, logits and greedy ids.</summary>
public sealed class ProbeAdapterTests
{
    public static TheoryData<string> Kinds() => ["lora", "ia3", "prompt", "prefix"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ProbeWithAnAdapterMatchesTheAdaptedReference(string kind)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(ReferenceFiles.Expected($"ref-llama-{kind}")));
        var sequence = expected.RootElement.GetProperty("sequences")[2];
        var ids = sequence.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var greedy = expected.RootElement.GetProperty("greedy")[0];
        var prompt = greedy.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32());
        var continuation = greedy.GetProperty("output_ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        string[] common = ["probe", "--model", ReferenceFiles.Model("ref-llama"), "--adapter", ReferenceFiles.Adapter($"ref-llama-{kind}"), "--json"];

        var (code, output, error) = await CliRunner.RunAsync([.. common, "--input-ids", string.Join(",", ids)]);
        Assert.True(code == 0, error);
        using var probe = JsonDocument.Parse(output);
        Assert.Equal(sequence.GetProperty("argmax").EnumerateArray().Select(e => e.GetInt32()), probe.RootElement.GetProperty("argmax").EnumerateArray().Select(e => e.GetInt32()));
        var positions = sequence.GetProperty("last3_positions").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(ids.Count - 1, positions[^1]);
        var want = sequence.GetProperty("last3_logits")[positions.Count - 1].EnumerateArray().Select(e => e.GetDouble()).ToList();
        var got = probe.RootElement.GetProperty("last_logits").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.All(want.Zip(got), p => Assert.True(Math.Abs(p.First - p.Second) <= ReferenceChecker.LogitTolerance, $"{p.First} vs {p.Second}"));

        var (genCode, genOutput, genError) = await CliRunner.RunAsync([.. common, "--input-ids", string.Join(",", prompt), "--generate", continuation.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(genCode == 0, genError);
        using var generated = JsonDocument.Parse(genOutput);
        Assert.Equal(continuation, generated.RootElement.GetProperty("generated_ids").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task ABadAdapterIsABadInputExit()
    {
        using var dir = new TempDirectory();
        dir.File("adapter_config.json", """{"peft_type": "LOHA"}""");
        var (code, _, error) = await CliRunner.RunAsync("probe", "--model", ReferenceFiles.Model("ref-llama"), "--adapter", dir.Path, "--input-ids", "1,2,3");
        Assert.Equal(2, code);
        Assert.Contains("peft_type", error, StringComparison.Ordinal);
    }
}
