using System.Globalization;
using System.Text.Json;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Tests.Steering;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Tool;

/// <summary>`calibrate` and `probe --adapter --steer` against svdecode-ref-llama-{prompt,prefix}.json.</summary>
public sealed class SteeringCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Reference(params string[] parts) => Path.Combine([SharedFiles.RepositoryRoot, "tests", "fixtures", "reference", .. parts]);

    private static string Ids(JsonElement array) => string.Join(",", SteeringReference.Ints(array));

    [Theory]
    [InlineData("prompt")]
    [InlineData("prefix")]
    public async Task CalibratePrintsTheReferenceAggregates(string kind)
    {
        var reference = SteeringReference.Load(kind);
        var lines = reference["calibration"].GetProperty("items").EnumerateArray()
            .Select(i => $"{{\"prompt_ids\": [{Ids(i.GetProperty("prompt_ids"))}], \"target_ids\": [{Ids(i.GetProperty("target_ids"))}]}}");
        var data = _dir.File("calibration.jsonl", string.Join("\n", lines) + "\n\n");

        var (code, output, error) = await CliRunner.RunAsync("calibrate", "--model", Reference("models", "ref-llama"), "--adapter", Reference("adapters", $"ref-llama-{kind}"), "--data", data, "--json");

        Assert.True(code == 0, error);
        using var summary = JsonDocument.Parse(output);
        var root = summary.RootElement;
        var muBar = reference["calibration"].GetProperty("mu_bar");
        Tolerance.Near(muBar.GetProperty("mean").GetDouble(), root.GetProperty("mu_mean").GetDouble(), 0, 1e-3, "mu_mean");
        Tolerance.Near(muBar.GetProperty("median").GetDouble(), root.GetProperty("mu_median").GetDouble(), 0, 1e-3, "mu_median");
        Tolerance.Near(muBar.GetProperty("ratio_of_sums").GetDouble(), root.GetProperty("mu_ratio").GetDouble(), 0, 1e-3, "mu_ratio");
        Assert.True(double.IsFinite(root.GetProperty("mu_trimmed").GetDouble()));
        Assert.Equal(muBar.GetProperty("n_tokens").GetInt32(), root.GetProperty("tokens_used").GetInt32());
        Assert.Equal(0, root.GetProperty("tokens_skipped").GetInt32());
        Assert.Equal(muBar.GetProperty("frac_negative").GetDouble(), root.GetProperty("negative_fraction").GetDouble(), 1e-9);
    }

    [Theory]
    [InlineData("{\"prompt\": \"a\", \"target\": \"b\"}", "text examples need a tokenizer")]
    [InlineData("{\"prompt_ids\": [1, 2], \"target_ids\": [500]}", "calibration.jsonl:1: target_ids holds 500")]
    [InlineData("[1, 2]", "calibration.jsonl:1: expected a JSON object")]
    public async Task BadCalibrationDataIsExitCodeTwoNamingTheLine(string line, string message)
    {
        var data = _dir.File("calibration.jsonl", line + "\n");
        var (code, _, error) = await CliRunner.RunAsync("calibrate", "--model", Reference("models", "ref-llama"), "--adapter", Reference("adapters", "ref-llama-prompt"), "--data", data);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoraAdaptersNeedThePeftLoaderUntilItIsRegistered()
    {
        var data = _dir.File("calibration.jsonl", "{\"prompt_ids\": [1, 2], \"target_ids\": [3]}\n");
        var (code, _, error) = await CliRunner.RunAsync("calibrate", "--model", Reference("models", "ref-llama"), "--adapter", Reference("adapters", "ref-llama-lora"), "--data", data);
        if (code == 0)
        {
            return; // the PEFT loader is registered: nothing left to check here
        }
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("needs the PEFT loader", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prompt")]
    [InlineData("prefix")]
    public async Task ProbeSteerReproducesTheReference(string kind)
    {
        var reference = SteeringReference.Load(kind);
        var mu = reference.MuBarUsed.ToString("R", CultureInfo.InvariantCulture);
        var adapter = Reference("adapters", $"ref-llama-{kind}");
        var context = reference["contexts"][0];
        var pair = reference["steered_loglik"][0];
        string[] common = ["probe", "--model", Reference("models", "ref-llama"), "--adapter", adapter, "--steer", "--mu", mu, "--alpha", "0.1", "--json"];

        // Soft mask at a context: δ, keep, steered logits; target log-probs of the first steered log-likelihood pair.
        var (code, output, error) = await CliRunner.RunAsync([.. common, "--mask", "soft", "--input-ids", Ids(context.GetProperty("context_ids"))]);
        Assert.True(code == 0, error);
        using (var probe = JsonDocument.Parse(output))
        {
            var root = probe.RootElement;
            Tolerance.AllNear(SteeringReference.Doubles(context.GetProperty("delta")), SteeringReference.Doubles(root.GetProperty("delta")), Tolerance.Probabilities, what: "delta");
            Assert.Equal(SteeringReference.Ints(context.GetProperty("keep")).Select(k => k == 1), root.GetProperty("keep").EnumerateArray().Select(e => e.GetBoolean()));
            Tolerance.AllNear(SteeringReference.Doubles(context.GetProperty("steered_soft")), SteeringReference.Doubles(root.GetProperty("steered_last_logits")), Tolerance.Logits, what: "steered_soft");
            Tolerance.AllNear(SteeringReference.Doubles(context.GetProperty("z_phi")), SteeringReference.Doubles(root.GetProperty("last_logits")), Tolerance.Logits, what: "z_phi");
        }

        // Hard mask: masked entries are null; steered greedy and hard target log-probs.
        var greedy = reference["steered_greedy"][0];
        (code, output, error) = await CliRunner.RunAsync([.. common, "--mask", "hard", "--input-ids", Ids(greedy.GetProperty("prompt_ids")), "--generate", "10"]);
        Assert.True(code == 0, error);
        using (var probe = JsonDocument.Parse(output))
        {
            var root = probe.RootElement;
            var keep = root.GetProperty("keep").EnumerateArray().Select(e => e.GetBoolean()).ToList();
            Assert.Equal(keep.Select(k => k ? JsonValueKind.Number : JsonValueKind.Null), root.GetProperty("steered_last_logits").EnumerateArray().Select(e => e.ValueKind));
            Assert.Equal(SteeringReference.Ints(greedy.GetProperty("output_ids")), SteeringReference.Ints(root.GetProperty("steered_generated_ids")));
        }
        (code, output, error) = await CliRunner.RunAsync([.. common, "--mask", "soft", "--input-ids", Ids(pair.GetProperty("context_ids")), "--target-ids", Ids(pair.GetProperty("continuation_ids"))]);
        Assert.True(code == 0, error);
        using (var probe = JsonDocument.Parse(output))
        {
            Tolerance.AllNear(SteeringReference.Doubles(pair.GetProperty("soft_logprobs")), SteeringReference.Doubles(probe.RootElement.GetProperty("steered_target_logprobs")), Tolerance.Logits, what: "soft_logprobs");
            Tolerance.AllNear(SteeringReference.Doubles(pair.GetProperty("adapted_logprobs")), SteeringReference.Doubles(probe.RootElement.GetProperty("target_logprobs")), Tolerance.Logits, what: "adapted_logprobs");
        }
    }

    [Fact]
    public async Task SteerWithoutAdapterOrMuIsExitCodeTwo()
    {
        var (code, _, error) = await CliRunner.RunAsync("probe", "--model", Reference("models", "ref-llama"), "--input-ids", "1,2", "--steer");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--steer needs --adapter and --mu", error, StringComparison.Ordinal);
    }
}
