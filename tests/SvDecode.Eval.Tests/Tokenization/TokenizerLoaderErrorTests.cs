using SvDecode.Eval.Tokenization;
using Xunit;

namespace SvDecode.Eval.Tests.Tokenization;

/// <summary>Bad tokenizer files give an <see cref="InputException"/> naming the file and the field or line.</summary>
public sealed class TokenizerLoaderErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("svdecode-tok-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string MinimalTokenizerJson = """
        {"version": "1.0", "added_tokens": [], "normalizer": null,
         "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "use_regex": true},
         "decoder": {"type": "ByteLevel"},
         "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2, "Ġ": 3}, "merges": ["a b"]}}
        """;

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void AFolderWithoutTokenizerFilesIsReported()
    {
        var error = Assert.Throws<InputException>(() => TokenizerLoader.Load(_folder));
        Assert.Contains("tokenizer.json", error.Message);
        Assert.Contains(_folder, error.Message);
    }

    [Fact]
    public void AMissingFolderIsReported() =>
        Assert.Throws<InputException>(() => TokenizerLoader.Load(Path.Combine(_folder, "absent")));

    [Fact]
    public void MalformedJsonNamesTheLineAndPosition()
    {
        var path = Write("tokenizer.json", "{\n  \"model\": {\"type\": \"BPE\",\n    \"vocab\": {\"a\": 0,,}\n}");
        var error = Assert.Throws<InputException>(() => TokenizerLoader.Load(_folder));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 3", error.Message);
    }

    [Fact]
    public void AnUnsupportedModelTypeNamesTheField()
    {
        Write("tokenizer.json", MinimalTokenizerJson.Replace("\"type\": \"BPE\"", "\"type\": \"Unigram\"", StringComparison.Ordinal));
        var error = Assert.Throws<InputException>(() => TokenizerLoader.Load(_folder));
        Assert.Contains("model.type", error.Message);
        Assert.Contains("Unigram", error.Message);
    }

    [Fact]
    public void AMissingVocabNamesTheField()
    {
        Write("tokenizer.json", """{"model": {"type": "BPE", "merges": []}}""");
        var error = Assert.Throws<InputException>(() => TokenizerLoader.Load(_folder));
        Assert.Contains("model.vocab", error.Message);
    }

    [Fact]
    public void ABadMergeEntryNamesItsIndex()
    {
        Write("tokenizer.json", MinimalTokenizerJson.Replace("[\"a b\"]", "[\"a b\", 7]", StringComparison.Ordinal));
        var error = Assert.Throws<InputException>(() => TokenizerLoader.Load(_folder));
        Assert.Contains("model.merges[1]", error.Message);
    }

    [Fact]
    public void AnUnsupportedPreTokenizerNamesTheField()
    {
        Write("tokenizer.json", MinimalTokenizerJson.Replace("\"type\": \"ByteLevel\", \"add_prefix_space\"", "\"type\": \"BertPreTokenizer\", \"add_prefix_space\"", StringComparison.Ordinal));
        var error = Assert.Throws<InputException>(() => TokenizerLoader.Load(_folder));
        Assert.Contains("pre_tokenizer.type", error.Message);
    }

    [Fact]
    public void AMalformedTokenizerConfigIsReportedToo()
    {
        Write("tokenizer.json", MinimalTokenizerJson);
        var config = Write("tokenizer_config.json", """{"add_bos_token": "yes"}""");
        var error = Assert.Throws<InputException>(() => TokenizerLoader.Load(_folder));
        Assert.Contains(config, error.Message);
        Assert.Contains("add_bos_token", error.Message);
    }

    [Fact]
    public void ABadMergesLineNamesTheLine()
    {
        Write("vocab.json", """{"a": 0, "b": 1, "ab": 2}""");
        var merges = Write("merges.txt", "#version: 0.2\na b\nab\n");
        var error = Assert.Throws<InputException>(() => TokenizerLoader.Load(_folder));
        Assert.Contains(merges, error.Message);
        Assert.Contains("line 3", error.Message);
    }

    [Fact]
    public void AGarbageTokenizerModelIsReported()
    {
        var path = Write("tokenizer.model", "this is not a protobuf file at all");
        var error = Assert.Throws<InputException>(() => TokenizerLoader.Load(_folder));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void AMinimalTokenizerJsonLoadsAndMerges()
    {
        Write("tokenizer.json", MinimalTokenizerJson);
        var tokenizer = TokenizerLoader.Load(_folder);
        Assert.Equal([2, 3, 0], tokenizer.Encode("ab a"));
        Assert.Equal("ab a", tokenizer.Decode([2, 3, 0]));
        Assert.Equal(4, tokenizer.VocabSize);
        Assert.Null(tokenizer.BosTokenId);
        Assert.False(tokenizer.AddBosToken);
    }
}
