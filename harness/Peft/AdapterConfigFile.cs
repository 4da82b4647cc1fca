using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SvDecode.Eval.Peft;

/// <summary>
/// A parsed adapter_config.json with typed field access; every problem is an <see cref="InputException"/> naming the
/// file and the field. Unknown fields are ignored (PEFT adds fields between versions and ignores them too).
/// </summary>
public sealed class AdapterConfigFile
{
    private readonly JsonObject _root;

    private AdapterConfigFile(string path, JsonObject root)
    {
        Path = path;
        _root = root;
    }

    public string Path { get; }

    public static AdapterConfigFile Read(string directory)
    {
        var path = System.IO.Path.Combine(directory, PeftFiles.ConfigFileName);
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: not found (a PEFT adapter folder holds {PeftFiles.ConfigFileName} and {PeftFiles.WeightsFileName})");
        }
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) is JsonObject root
                ? new AdapterConfigFile(path, root)
                : throw new InputException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: invalid JSON ({e.Message})", e);
        }
    }

    public InputException Error(string field, string problem) => new($"{Path}: field '{field}': {problem}");

    public bool Has(string field) => _root[field] is not null;

    public string RequiredString(string field) =>
        _root[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Error(field, "a string is required");

    public string? String(string field) =>
        _root[field] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => throw Error(field, "expected a string or null"),
        };

    public int RequiredInt(string field) => Int(field) ?? throw Error(field, "an integer is required");

    public int? Int(string field)
    {
        var number = Number(field);
        if (number is null)
        {
            return null;
        }
        if (number != Math.Floor(number.Value) || number < int.MinValue || number > int.MaxValue)
        {
            throw Error(field, $"expected an integer, got {number.Value.ToString(CultureInfo.InvariantCulture)}");
        }
        return (int)number.Value;
    }

    public double? Number(string field) =>
        _root[field] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<double>(out var d) => d,
            _ => throw Error(field, "expected a number"),
        };

    public bool Bool(string field, bool fallback) =>
        _root[field] switch
        {
            null => fallback,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            _ => throw Error(field, "expected true or false"),
        };

    /// <summary>A list of strings, or a single string (PEFT's regex form of target_modules); null when absent.</summary>
    public TargetModules? Targets(string field) =>
        _root[field] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var pattern) => TargetModules.FromPattern(pattern),
            JsonArray a => TargetModules.FromNames(a.Select(e => e is JsonValue ev && ev.TryGetValue<string>(out var s)
                ? s
                : throw Error(field, "expected a list of module names")).ToList()),
            _ => throw Error(field, "expected a list of module names or a regular expression"),
        };

    /// <summary>Fails unless the field is absent, null, false, or an empty object/list (an unsupported PEFT option left off).</summary>
    public void RequireUnset(string field, string why)
    {
        var node = _root[field];
        var unset = node is null
            || (node is JsonValue v && v.TryGetValue<bool>(out var b) && !b)
            || (node is JsonObject o && o.Count == 0)
            || (node is JsonArray a && a.Count == 0);
        if (!unset)
        {
            throw Error(field, $"{node!.ToJsonString()} is not supported ({why})");
        }
    }

    /// <summary>Checks peft_type and task_type (CAUSAL_LM or absent).</summary>
    public void RequireCausalLm()
    {
        var task = String("task_type");
        if (task is not null && task != PeftFiles.CausalLmTaskType)
        {
            throw Error("task_type", $"'{task}' is not supported; this tool evaluates causal language models ({PeftFiles.CausalLmTaskType})");
        }
    }
}
