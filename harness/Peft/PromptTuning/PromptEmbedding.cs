using SvDecode.Eval.Models;
using SvDecode.Eval.Tokenization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft.PromptTuning;

/// <summary>The trainable table prompt_embeddings [n_v, C] and PEFT's two ways to initialise it.</summary>
public static class PromptEmbedding
{
    /// <summary>
    /// RANDOM: N(0, 1) like torch.nn.Embedding. TEXT: the model's embeddings of the init text's token ids (tokenised
    /// with special tokens, as PEFT calls the tokenizer), repeated to fill n_v and truncated to it.
    /// </summary>
    public static Parameter Create(CausalLanguageModel model, PromptTuningConfig config, AdapterInit init, ITextTokenizer? tokenizer)
    {
        if (config.Init == PromptInit.Random)
        {
            return init.Normal(config.NumVirtualTokens, config.TokenDim);
        }
        if (tokenizer is null)
        {
            throw new InputException("prompt tuning init: text needs the model's tokenizer");
        }
        var ids = tokenizer.Encode(config.InitText ?? "", addSpecialTokens: true);
        if (ids.Count == 0)
        {
            throw new InputException($"prompt tuning init_text '{config.InitText}' has no tokens");
        }
        var repeated = Enumerable.Range(0, config.NumVirtualTokens).Select(i => (long)ids[i % ids.Count]).ToArray();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = model.parameters().First().device;
        var rows = model.EmbedTokens(tensor(repeated, device: device).unsqueeze(0))[0]; // (n_v, C)
        return init.From(rows);
    }
}
