namespace SvDecode.Eval.Tokenization;

/// <summary>A tokenizer must not produce ids the model has no embedding for.</summary>
public static class TokenizerModelCheck
{
    /// <summary>
    /// Fails when the tokenizer's vocabulary is larger than the model's. A larger model vocabulary is normal
    /// (checkpoints pad it to a multiple of 64 or 128), a larger tokenizer means a mismatched folder.
    /// </summary>
    public static void EnsureFits(ITextTokenizer tokenizer, int modelVocabSize, string folder)
    {
        if (tokenizer.VocabSize > modelVocabSize)
        {
            throw new InputException(
                $"{folder}: the tokenizer has {tokenizer.VocabSize} tokens but config.json's vocab_size is {modelVocabSize}: " +
                "ids past the model's embedding would be produced. Are the tokenizer files from another model?");
        }
    }
}
