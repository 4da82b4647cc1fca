using System.Text.Json;
using SvDecode.Eval.Calibration;
using SvDecode.Eval.Models;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Models;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>
/// One svdecode-ref-llama-&lt;kind&gt;.json (our own float64 oracle) with the model and adapter it describes. The
/// (base, adapted) session pair comes from the PEFT loader, for all four adapter kinds.
/// </summary>
internal sealed class SteeringReference
{
    /// <summary>The factory-pair provider every reference test uses.</summary>
    public static IAdapterLoader AdapterLoader { get; } = new PeftAdapterLoader();

    private SteeringReference(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public static SteeringReference Load(string kind) =>
        new(JsonDocument.Parse(File.ReadAllText(ReferenceFiles.Expected($"svdecode-ref-llama-{kind}"))).RootElement.Clone());

    public static CausalLanguageModel LoadModel() => ModelLoader.Load(ReferenceFiles.Model("ref-llama"));

    public static IPeftAdapter Attach(CausalLanguageModel model, string kind) =>
        AdapterLoader.Attach(model, ReferenceFiles.Adapter($"ref-llama-{kind}"));

    public double Alpha => Root.GetProperty("alpha").GetDouble();

    public double MuBarUsed => Root.GetProperty("mu_bar_used").GetDouble();

    public JsonElement this[string name] => Root.GetProperty(name);

    public static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    /// <summary>Numbers, with the fixtures' "-Infinity"/"Infinity"/"NaN" strings.</summary>
    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(Double)];

    public static double Double(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch
        {
            "-Infinity" => double.NegativeInfinity,
            "Infinity" => double.PositiveInfinity,
            _ => double.NaN,
        }
        : e.GetDouble();

    /// <summary>
    /// Solves a reference file's calibration items through the calibrator (batch size 3 over 4 items: one padded
    /// batch of three, one of one) and checks every token's strength, numerator, denominator and kept count against
    /// the items' fields named <paramref name="value"/>, <paramref name="numerator"/>, <paramref name="denominator"/>
    /// and n_keep, at the fixtures README's tolerances. Returns the tokens for the aggregates.
    /// </summary>
    public static IReadOnlyList<TokenStrength> CheckCalibration(
        IReadOnlyList<JsonElement> items, Func<IPairedLogitsSession> openPair, StrengthSolverOptions options, string value, string numerator, string denominator, string what)
    {
        var examples = items.Select(i => new CalibrationExample(Ints(i.GetProperty("prompt_ids")), Ints(i.GetProperty("target_ids")))).ToList();
        var tokens = new StrengthCalibrator(openPair, batchSize: 3).Solve(examples, options);
        double[] Expected(string name) => [.. items.SelectMany(i => Doubles(i.GetProperty(name)))];
        var (values, numerators, denominators) = (Expected(value), Expected(numerator), Expected(denominator));
        var kept = items.SelectMany(i => Ints(i.GetProperty("n_keep"))).ToArray();
        Assert.Equal(values.Length, tokens.Count);
        for (var t = 0; t < tokens.Count; t++)
        {
            Tolerance.Near(values[t], tokens[t].Mu, 1e-4, 1e-3, $"{what} {value}[{t}]");
            Tolerance.Near(numerators[t], tokens[t].Numerator, 1e-5, 1e-3, $"{what} {numerator}[{t}]");
            Tolerance.Near(denominators[t], tokens[t].Denominator, 1e-5, 1e-3, $"{what} {denominator}[{t}]");
            Assert.Equal(kept[t], tokens[t].KeptCount);
        }
        return tokens;
    }
}
