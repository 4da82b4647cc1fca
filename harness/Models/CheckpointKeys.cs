namespace SvDecode.Eval.Models;

/// <summary>Maps stored tensor names onto module parameter names, and names the tensors a checkpoint may carry unused.</summary>
internal static class CheckpointKeys
{
    /// <summary>The parameter name for <paramref name="stored"/>, or null when the tensor is a known, ignorable extra.</summary>
    public static string? Normalise(ModelConfig config, string stored)
    {
        if (config.TieWordEmbeddings && stored == "lm_head.weight")
        {
            return null; // some exports save the tied head as well; it is the embedding matrix again
        }
        if (config.Architecture != ModelArchitecture.Gpt2)
        {
            return stored;
        }
        // GPT-2 exports store causal-mask buffers, and the original checkpoint has no "transformer." prefix.
        if (stored.EndsWith(".attn.bias", StringComparison.Ordinal) || stored.EndsWith(".attn.masked_bias", StringComparison.Ordinal))
        {
            return null;
        }
        return stored.StartsWith("transformer.", StringComparison.Ordinal) ? stored : "transformer." + stored;
    }
}
