using SvDecode.Eval.Models;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Peft.PromptTuning;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Tests.Stages;
using SvDecode.Eval.Tokenization;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Peft;

/// <summary>PEFT's TEXT init: the init text's token embeddings (with special tokens), repeated to n_v and truncated.</summary>
public sealed class PromptInitTests
{
    [Fact]
    public void TextInitRepeatsTheTokenEmbeddingsOfTheText()
    {
        using var model = ModelLoader.Load(ReferenceModelWithTokenizer.Directory);
        var tokenizer = TokenizerLoader.Load(ReferenceModelWithTokenizer.Directory);
        var settings = new WarmStartSettings { PromptTuning = new PromptTuningSettings { NumVirtualTokens = 5, Init = PromptInit.Text, InitText = "ab" } };
        using var adapter = (PromptTuningAdapter)PeftAdapters.Create(model, settings.ConfigFor(PeftMethod.PromptTuning, model.Config, "ref-llama"), seed: 0, tokenizer);

        // "ab" → <s> a b (BOS as the tokenizer config says), repeated: <s> a b <s> a.
        var ids = new long[] { 1, 3 + ('a' - ' '), 3 + ('b' - ' '), 1, 3 + ('a' - ' ') };
        using var noGrad = no_grad();
        using var expected = model.EmbedTokens(tensor(ids).unsqueeze(0))[0];
        Assert.True(PeftTestModels.Same(expected, adapter.Embeddings));
        Assert.True(adapter.TrainableParameters[0].requires_grad);
    }

    [Fact]
    public void TextInitTruncatesALongText()
    {
        using var model = ModelLoader.Load(ReferenceModelWithTokenizer.Directory);
        var tokenizer = TokenizerLoader.Load(ReferenceModelWithTokenizer.Directory);
        var settings = new WarmStartSettings { PromptTuning = new PromptTuningSettings { NumVirtualTokens = 2, Init = PromptInit.Text, InitText = "xyz" } };
        using var adapter = (PromptTuningAdapter)PeftAdapters.Create(model, settings.ConfigFor(PeftMethod.PromptTuning, model.Config, "ref-llama"), seed: 0, tokenizer);

        using var noGrad = no_grad();
        using var expected = model.EmbedTokens(tensor(new long[] { 1, 3 + ('x' - ' ') }).unsqueeze(0))[0];
        Assert.True(PeftTestModels.Same(expected, adapter.Embeddings));
    }
}
