using System.Text.Json;
using SvDecode.Eval.Tests.Support;

namespace SvDecode.Eval.Tests.Stages;

/// <summary>
/// ref-llama (our generated reference model, which has no tokenizer) plus a character-level tokenizer that fits its
/// 97 ids: &lt;unk&gt; 0, &lt;s&gt; 1, &lt;/s&gt; 2, then the printable ASCII characters ' '..'}' as ids 3..96. Stages that
/// tokenise text (warm-start) can then run on it. Written once into a content-named temp folder shared by test
/// processes (the kill-and-resume child reads the same path), never into tests/fixtures.
/// </summary>
public static class ReferenceModelWithTokenizer
{
    private const string Version = "v1";
    private static readonly Lazy<string> Folder = new(Create);

    public static string Directory => Folder.Value;

    private static string Create()
    {
        var source = Path.Combine(SharedFiles.RepositoryRoot, "tests", "fixtures", "reference", "models", "ref-llama");
        var target = Path.Combine(Path.GetTempPath(), "svdecode-tests", $"ref-llama-chartok-{Version}");
        if (File.Exists(Path.Combine(target, "tokenizer_config.json")))
        {
            return target;
        }
        var staging = target + "." + Guid.NewGuid().ToString("N");
        System.IO.Directory.CreateDirectory(staging);
        File.Copy(Path.Combine(source, "config.json"), Path.Combine(staging, "config.json"));
        File.Copy(Path.Combine(source, "model.safetensors"), Path.Combine(staging, "model.safetensors"));
        var vocab = new Dictionary<string, int> { ["<unk>"] = 0, ["<s>"] = 1, ["</s>"] = 2 };
        for (var c = ' '; c <= '}'; c++)
        {
            vocab[c.ToString()] = vocab.Count;
        }
        var special = new[] { "<unk>", "<s>", "</s>" }.Select((t, id) => new Dictionary<string, object>
        {
            ["id"] = id, ["content"] = t, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
        });
        var tokenizer = new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["added_tokens"] = special.ToList(),
            ["model"] = new Dictionary<string, object?> { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = Array.Empty<string>(), ["unk_token"] = "<unk>" },
        };
        File.WriteAllText(Path.Combine(staging, "tokenizer.json"), JsonSerializer.Serialize(tokenizer));
        File.WriteAllText(Path.Combine(staging, "tokenizer_config.json"),
            """{"add_bos_token": true, "add_eos_token": false, "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>"}""");
        try
        {
            System.IO.Directory.Move(staging, target);
        }
        catch (IOException) when (File.Exists(Path.Combine(target, "tokenizer_config.json")))
        {
            System.IO.Directory.Delete(staging, recursive: true); // another test process won the race
        }
        return target;
    }
}
