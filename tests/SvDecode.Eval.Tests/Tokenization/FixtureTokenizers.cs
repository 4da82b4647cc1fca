using System.Collections.Concurrent;
using System.Text.Json;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tokenization;

namespace SvDecode.Eval.Tests.Tokenization;

/// <summary>The tokenizer variants under ../shared/fixtures/tokenizers, loaded once per test run.</summary>
internal static class FixtureTokenizers
{
    public const string Root = "fixtures/tokenizers";

    /// <summary>Variant name → (fixture folder, file to load or null for the folder's best file).</summary>
    public static readonly IReadOnlyDictionary<string, (string Folder, string? File)> Variants = new Dictionary<string, (string, string?)>
    {
        ["gpt2/tokenizer.json"] = ("gpt2", null),
        ["gpt2/vocab.json+merges.txt"] = ("gpt2", "vocab.json"),
        ["qwen2/vocab.json+merges.txt"] = ("qwen2", null),
        [RebuiltQwen2] = ("qwen2", null),
        ["mistral/tokenizer.json"] = ("mistral-7b-v0.1", null),
        ["mistral/tokenizer.model"] = ("mistral-7b-v0.1", "tokenizer.model"),
        ["stories260k/tokenizer.json"] = ("stories260k", null),
    };

    /// <summary>A Qwen2-layout tokenizer.json written from the shipped vocab.json + merges.txt (see <see cref="Qwen2TokenizerJsonBuilder"/>).</summary>
    public const string RebuiltQwen2 = "qwen2/tokenizer.json (rebuilt)";

    private static readonly ConcurrentDictionary<string, Lazy<ITextTokenizer>> Loaded = new();

    public static IEnumerable<object[]> VariantNames() => Variants.Keys.Select(k => new object[] { k });

    public static ITextTokenizer Get(string variant) =>
        Loaded.GetOrAdd(variant, v => new Lazy<ITextTokenizer>(() =>
        {
            var (folder, file) = Variants[v];
            if (v == RebuiltQwen2)
            {
                var rebuilt = Qwen2TokenizerJsonBuilder.Build();
                try
                {
                    return TokenizerLoader.Load(rebuilt);
                }
                finally
                {
                    Directory.Delete(rebuilt, recursive: true);
                }
            }
            var path = SharedFiles.Fixture("tokenizers", folder);
            return file is null ? TokenizerLoader.Load(path) : TokenizerLoader.LoadFile(Path.Combine(path, file));
        })).Value;

    public static JsonElement Expected(string variant, string name = "expected.json")
    {
        var path = SharedFiles.Fixture("tokenizers", Variants[variant].Folder, name);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    public static int[] Ints(JsonElement element) => element.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static string[] Strings(JsonElement element) => element.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
