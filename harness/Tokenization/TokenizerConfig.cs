using System.Text.Json;

namespace SvDecode.Eval.Tokenization;

/// <summary>
/// What tokenizer_config.json (and special_tokens_map.json) say: special token spellings, add_bos/add_eos, extra
/// added tokens. A key that is absent stays "unset" (null) so the loader can tell it from an explicit null.
/// </summary>
internal sealed record TokenizerConfig(
    string? TokenizerClass,
    bool? AddBosToken,
    bool? AddEosToken,
    bool SplitSpecialTokens,
    IReadOnlyDictionary<string, string?> SpecialTokenNames,
    IReadOnlyList<AddedToken> AddedTokens,
    bool? Legacy = null)
{
    public static readonly string[] SpecialTokenKeys = ["bos_token", "eos_token", "pad_token", "unk_token"];

    public static TokenizerConfig Empty { get; } = new(null, null, null, false, new Dictionary<string, string?>(), []);

    /// <summary>Whether the config states <paramref name="key"/> (e.g. "bos_token"), possibly as null.</summary>
    public bool States(string key) => SpecialTokenNames.ContainsKey(key);

    public string? Name(string key) => SpecialTokenNames.TryGetValue(key, out var name) ? name : null;

    public static TokenizerConfig Load(string folder)
    {
        var names = new Dictionary<string, string?>();
        var mapPath = Path.Combine(folder, "special_tokens_map.json");
        if (File.Exists(mapPath))
        {
            var map = JsonFile.Load(mapPath);
            ReadNames(map, names);
        }
        var path = Path.Combine(folder, "tokenizer_config.json");
        if (!File.Exists(path))
        {
            return Empty with { SpecialTokenNames = names };
        }
        var file = JsonFile.Load(path);
        if (file.Root.ValueKind != JsonValueKind.Object)
        {
            throw file.Error("(root)", "must be a JSON object");
        }
        ReadNames(file, names);
        var added = new List<AddedToken>();
        if (JsonFile.Get(file.Root, "added_tokens_decoder") is { } decoder)
        {
            if (decoder.ValueKind != JsonValueKind.Object)
            {
                throw file.Error("added_tokens_decoder", "must be an object of id → token");
            }
            foreach (var entry in decoder.EnumerateObject())
            {
                var field = $"added_tokens_decoder.{entry.Name}";
                if (!int.TryParse(entry.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                {
                    throw file.Error(field, "the key must be a non-negative integer id");
                }
                added.Add(new AddedToken(
                    id,
                    file.RequireString(entry.Value, "content", field + ".content"),
                    file.Bool(entry.Value, "special", field + ".special") ?? true,
                    file.Bool(entry.Value, "lstrip", field + ".lstrip") ?? false,
                    file.Bool(entry.Value, "rstrip", field + ".rstrip") ?? false));
            }
        }
        return new TokenizerConfig(
            file.String(file.Root, "tokenizer_class", "tokenizer_class"),
            file.Bool(file.Root, "add_bos_token", "add_bos_token"),
            file.Bool(file.Root, "add_eos_token", "add_eos_token"),
            file.Bool(file.Root, "split_special_tokens", "split_special_tokens") ?? false,
            names,
            added,
            file.Bool(file.Root, "legacy", "legacy"));
    }

    /// <summary>Special tokens are written either as a string or as {"content": ...}; null is an explicit "none".</summary>
    private static void ReadNames(JsonFile file, Dictionary<string, string?> names)
    {
        foreach (var key in SpecialTokenKeys)
        {
            if (!file.Root.TryGetProperty(key, out var value))
            {
                continue;
            }
            names[key] = value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Object => file.RequireString(value, "content", key + ".content"),
                _ => throw file.Error(key, "must be a string, an object with \"content\", or null"),
            };
        }
    }
}
