using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Tokenization;

/// <summary>Special token ids and add_bos/add_eos as the fixtures' configs state them.</summary>
public sealed class SpecialTokenTests
{
    [SharedTheory(FixtureTokenizers.Root)]
    [InlineData("mistral/tokenizer.json")]
    [InlineData("mistral/tokenizer.model")]
    [InlineData("stories260k/tokenizer.json")]
    public void SentencePieceModelsAddBosOnly(string variant)
    {
        var tokenizer = FixtureTokenizers.Get(variant);
        Assert.Equal(1, tokenizer.BosTokenId);
        Assert.Equal(2, tokenizer.EosTokenId);
        Assert.Equal(0, tokenizer.UnkTokenId);
        Assert.Null(tokenizer.PadTokenId);
        Assert.True(tokenizer.AddBosToken);
        Assert.False(tokenizer.AddEosToken);
        Assert.Equal([1], tokenizer.Encode(""));
        Assert.Equal("<s>", tokenizer.IdToToken(1));
    }

    [SharedTheory(FixtureTokenizers.Root)]
    [InlineData("mistral/tokenizer.json", 32000)]
    [InlineData("mistral/tokenizer.model", 32000)]
    [InlineData("stories260k/tokenizer.json", 512)]
    [InlineData("gpt2/tokenizer.json", 50257)]
    [InlineData("gpt2/vocab.json+merges.txt", 50257)]
    [InlineData("qwen2/vocab.json+merges.txt", 151646)]
    [InlineData(FixtureTokenizers.RebuiltQwen2, 151646)]
    public void VocabSizeCountsAddedTokens(string variant, int size) =>
        Assert.Equal(size, FixtureTokenizers.Get(variant).VocabSize);

    [SharedTheory(FixtureTokenizers.Root)]
    [InlineData("gpt2/tokenizer.json")]
    [InlineData("gpt2/vocab.json+merges.txt")]
    public void Gpt2UsesEndOfTextForBosEosAndAddsNothing(string variant)
    {
        var tokenizer = FixtureTokenizers.Get(variant);
        Assert.Equal(50256, tokenizer.BosTokenId);
        Assert.Equal(50256, tokenizer.EosTokenId);
        Assert.False(tokenizer.AddBosToken);
        Assert.False(tokenizer.AddEosToken);
        Assert.Equal([15496, 995], tokenizer.Encode("Hello world"));
    }

    [SharedFact(FixtureTokenizers.Root)]
    public void Qwen2TakesItsSpecialTokensFromTheConfig()
    {
        var tokenizer = FixtureTokenizers.Get("qwen2/vocab.json+merges.txt");
        Assert.Null(tokenizer.BosTokenId);
        Assert.Equal(151645, tokenizer.EosTokenId);
        Assert.Equal(151643, tokenizer.PadTokenId);
        Assert.Equal(151644, tokenizer.TokenToId("<|im_start|>"));
        Assert.False(tokenizer.AddBosToken);
    }

    [SharedFact(FixtureTokenizers.Root)]
    public void LegacyLlamaLayoutPrependsTheDummySpaceAfterAnAddedToken()
    {
        // Legacy normalizer (Prepend "▁") runs on each segment between added tokens: "</s>" then "▁Hi".
        var tokenizer = FixtureTokenizers.Get("stories260k/tokenizer.json");
        var ids = tokenizer.Encode("</s>Hi", addSpecialTokens: false);
        Assert.Equal(2, ids[0]);
        Assert.StartsWith("▁", tokenizer.IdToToken(ids[1]));
    }

    [SharedTheory(FixtureTokenizers.Root)]
    [InlineData("Hello</s>World")]
    [InlineData("<s>Hello world</s> and more")]
    [InlineData("a<unk>b")]
    public void MistralTokenizerModelAgreesWithTokenizerJsonAroundAddedTokens(string text)
    {
        // Mistral's config says legacy: false, so after an added token no dummy "▁" is added; tokenizer.json
        // (Metaspace, prepend_scheme "first") behaves the same way. The two files must give the same ids.
        var fromJson = FixtureTokenizers.Get("mistral/tokenizer.json").Encode(text);
        var fromModel = FixtureTokenizers.Get("mistral/tokenizer.model").Encode(text);
        Assert.Equal(fromJson, fromModel);
        Assert.Contains(2, FixtureTokenizers.Get("mistral/tokenizer.model").Encode("x</s>", addSpecialTokens: false));
    }
}
