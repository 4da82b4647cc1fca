using System.Text.Json;
using SvDecode.Eval.Models;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Tests.Models;

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
}
