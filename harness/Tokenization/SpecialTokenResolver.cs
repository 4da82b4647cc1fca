namespace SvDecode.Eval.Tokenization;

/// <summary>The ids added around a single sequence when special tokens are on.</summary>
internal sealed record SpecialTokenTemplate(IReadOnlyList<int> Prefix, IReadOnlyList<int> Suffix);

/// <summary>
/// Settles BOS/EOS/PAD/UNK ids and the BOS/EOS template, with transformers' precedence:
/// tokenizer_config.json (add_bos_token / add_eos_token, *_token names) over the tokenizer file's own
/// post-processor and defaults.
/// </summary>
internal static class SpecialTokenResolver
{
    public static TokenizerParts Resolve(
        string sourceFile,
        BpeModel model,
        IReadOnlyDictionary<string, int> vocab,
        IReadOnlyList<AddedToken> addedTokens,
        TextNormalizer? normalizer,
        PreTokenizerStep? preTokenizer,
        TokenDecoder? decoder,
        TokenizerConfig config,
        IReadOnlyDictionary<string, string?> defaults,
        SpecialTokenTemplate? template)
    {
        string? NameOf(string key) => config.States(key) ? config.Name(key) : defaults.GetValueOrDefault(key);

        int? IdOf(string key) =>
            NameOf(key) is not { } name ? null
            : addedTokens.FirstOrDefault(t => t.Content == name) is { } token ? token.Id
            : vocab.TryGetValue(name, out var id) ? id
            : null;

        var bos = IdOf("bos_token");
        var eos = IdOf("eos_token");
        // Special-token names are special even when the tokenizer file lists them as ordinary vocabulary (GPT-2's
        // vocab.json): transformers splits them out of the text and skipSpecialTokens drops them.
        var added = addedTokens.ToList();
        foreach (var key in TokenizerConfig.SpecialTokenKeys)
        {
            if (NameOf(key) is { } name && vocab.TryGetValue(name, out var id) && added.All(t => t.Id != id))
            {
                added.Add(new AddedToken(id, name, Special: true));
            }
        }

        IReadOnlyList<int> prefix = template?.Prefix ?? [];
        IReadOnlyList<int> suffix = template?.Suffix ?? [];
        if (config.AddBosToken is not null || config.AddEosToken is not null)
        {
            // transformers rebuilds the post-processor from these flags (LlamaTokenizerFast.update_post_processor).
            var addBos = config.AddBosToken ?? (bos is { } b && prefix.Contains(b));
            var addEos = config.AddEosToken ?? (eos is { } e && suffix.Contains(e));
            prefix = addBos && bos is { } bosId ? [bosId] : [];
            suffix = addEos && eos is { } eosId ? [eosId] : [];
        }
        return new TokenizerParts(
            sourceFile, model, vocab, added, normalizer, preTokenizer, decoder, prefix, suffix,
            bos, eos, IdOf("pad_token"), IdOf("unk_token"), config.SplitSpecialTokens);
    }
}
