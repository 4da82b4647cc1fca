using System.Text.Json;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Models;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>
/// One decoding-ref-llama-&lt;kind&gt;.json (our float64 oracle for the decoding baselines, written by
/// tests/reference/make_reference.py) and the session factory of each of its settings over the reference model's
/// (base, adapted) pair: off is the adapted model itself, every other setting a pair transform.
/// </summary>
internal sealed class DecodingReference
{
    private DecodingReference(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public static DecodingReference Load(string kind) =>
        new(JsonDocument.Parse(File.ReadAllText(ReferenceFiles.Expected($"decoding-ref-llama-{kind}"))).RootElement.Clone());

    public double Alpha => Root.GetProperty("alpha").GetDouble();

    public JsonElement this[string name] => Root.GetProperty(name);

    public IReadOnlyList<JsonElement> Settings => [.. Root.GetProperty("settings").EnumerateArray()];

    public static string Id(JsonElement setting) => setting.GetProperty("id").GetString()!;

    public static string Method(JsonElement setting) => setting.GetProperty("method").GetString()!;

    /// <summary>The setting's pair transform under a mask mode; null for off (the plain adapted model).</summary>
    public IPairLogitsTransform? Transform(JsonElement setting, MaskMode mask)
    {
        var options = new SteeringOptions { Alpha = Alpha, Mask = mask };
        return Method(setting) switch
        {
            "off" => null,
            "svdecode" => new SvDecodeTransform(setting.GetProperty("mu").GetDouble(), options),
            "contrastive" => new ContrastiveTransform(setting.GetProperty("beta").GetDouble(), Alpha),
            "extrapolation" => new ExtrapolationTransform(setting.GetProperty("lambda").GetDouble(), options),
            var other => throw new InvalidDataException($"unknown decoding method '{other}' in the reference file"),
        };
    }

    /// <summary>The sessions the setting decodes with: the adapted model for off, else a steered factory over the pair.</summary>
    public ILogitsSessionFactory Sessions(IPeftAdapter adapter, PairForward forward, JsonElement setting, MaskMode mask) =>
        Transform(setting, mask) is { } transform
            ? new SteeredSessionFactory(() => adapter.OpenPair(forward), adapter.Model.Config.VocabSize, transform)
            : adapter.AdaptedSessions;

    public static MaskMode Mode(string name) => MaskModes.Parse(name);
}
