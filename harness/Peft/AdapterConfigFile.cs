using System.Text.Json;
using SvDecode.Eval.Platform;

namespace SvDecode.Eval.Peft;

/// <summary>
/// A parsed adapter_config.json with typed field access (<see cref="JsonFields"/>); every problem is an
/// <see cref="InputException"/> naming the file and the field. Unknown fields are ignored (PEFT adds fields between
/// versions and ignores them too).
/// </summary>
public sealed class AdapterConfigFile
{
    private readonly JsonFields _fields;

    private AdapterConfigFile(string path, JsonElement root)
    {
        Path = path;
        _fields = new JsonFields(root, Error);
    }

    public string Path { get; }

    public static AdapterConfigFile Read(string directory)
    {
        var path = System.IO.Path.Combine(directory, PeftFiles.ConfigFileName);
        InputPath.RequireReadableFile(path, PeftFiles.ConfigFileName,
            notFound: $"{path}: not found (a PEFT adapter folder holds {PeftFiles.ConfigFileName} and {PeftFiles.WeightsFileName})");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new AdapterConfigFile(path, document.RootElement.Clone())
                : throw new InputException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: invalid JSON ({e.Message})", e);
        }
    }

    public InputException Error(string field, string problem) => new($"{Path}: field '{field}': {problem}");

    public bool Has(string field) => _fields.Get(field) is not null;

    public string RequiredString(string field) => _fields.RequiredString(field);

    public string? String(string field) => _fields.OptionalString(field);

    public int RequiredInt(string field) => _fields.RequiredInt(field);

    public int? Int(string field) => _fields.OptionalInt(field);

    public double? Number(string field) => _fields.OptionalNumber(field);

    public bool Bool(string field, bool fallback) => _fields.OptionalBool(field) ?? fallback;

    /// <summary>A list of strings, or a single string (PEFT's regex form of target_modules); null when absent.</summary>
    public TargetModules? Targets(string field) =>
        _fields.Get(field) is { ValueKind: JsonValueKind.String } pattern
            ? TargetModules.FromPattern(pattern.GetString()!)
            : _fields.OptionalStringArray(field) is { } names ? TargetModules.FromNames(names) : null;

    /// <summary>Fails unless the field is absent, null, false, or an empty object/list (an unsupported PEFT option left off).</summary>
    public void RequireUnset(string field, string why)
    {
        var unset = _fields.Get(field) switch
        {
            null => true,
            { ValueKind: JsonValueKind.False } => true,
            { ValueKind: JsonValueKind.Object } o => !o.EnumerateObject().Any(),
            { ValueKind: JsonValueKind.Array } a => a.GetArrayLength() == 0,
            _ => false,
        };
        if (!unset)
        {
            throw Error(field, $"{_fields.Get(field)!.Value.GetRawText()} is not supported ({why})");
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
