using System.Text.Json;
using System.Text.Json.Nodes;
using SvDecode.Eval.Tests.Support;

namespace SvDecode.Eval.Tests.Tokenization;

/// <summary>
/// Qwen2's tokenizer.json is not shipped (7 MB); the fixture README describes its layout (normalizer NFC;
/// pre_tokenizer Sequence[Split(regex, Isolated), ByteLevel(use_regex=false)]; decoder ByteLevel). This writes that
/// file from the shipped vocab.json + merges.txt into a temporary folder, so the tokenizer.json path is tested on
/// the Qwen2 / Llama 3 layout with real data.
/// </summary>
internal static class Qwen2TokenizerJsonBuilder
{
    public static string Build()
    {
        var source = SharedFiles.Fixture("tokenizers", "qwen2");
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "expected.json")))!;
        var folder = Directory.CreateTempSubdirectory("svdecode-qwen2-json-").FullName;

        var addedTokens = new JsonArray();
        foreach (var (content, id) in expected["special_tokens"]!.AsObject())
        {
            addedTokens.Add(new JsonObject
            {
                ["id"] = id!.GetValue<int>(), ["content"] = content, ["single_word"] = false, ["lstrip"] = false,
                ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
            });
        }
        var byteLevel = () => new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false };
        var merges = new JsonArray(File.ReadLines(Path.Combine(source, "merges.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith("#version", StringComparison.Ordinal))
            .Select(l => (JsonNode)JsonValue.Create(l)!).ToArray());
        var tokenizer = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = addedTokens,
            ["normalizer"] = new JsonObject { ["type"] = "NFC" },
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "Split",
                        ["pattern"] = new JsonObject { ["Regex"] = expected["pre_tokenizer_regex"]!.GetValue<string>() },
                        ["behavior"] = "Isolated",
                        ["invert"] = false,
                    },
                    byteLevel()),
            },
            ["post_processor"] = byteLevel(),
            ["decoder"] = byteLevel(),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "",
                ["end_of_word_suffix"] = "", ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "vocab.json"))),
                ["merges"] = merges,
            },
        };
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), tokenizer.ToJsonString());
        File.Copy(Path.Combine(source, "tokenizer_config.json"), Path.Combine(folder, "tokenizer_config.json"));
        return folder;
    }
}
