using System.Text.Json;

namespace SvDecode.Eval.Tokenization;

/// <summary>
/// Learns a GPT-2-style byte-level BPE from a text corpus and writes it as a Hugging Face tokenizer.json that
/// <see cref="TokenizerLoader"/> (and HF tokenizers) read back. Deterministic: the most frequent adjacent pair wins,
/// ties go to the ordinally smallest (left, right), so the same corpus always gives the same file.
/// </summary>
public static class BpeTrainer
{
    /// <summary>
    /// Trains merges until the vocabulary (256 bytes + merges + <paramref name="specialTokens"/>) reaches
    /// <paramref name="vocabSize"/> or no pair occurs twice. Special tokens get the last ids.
    /// </summary>
    public static TrainedBpe Train(IEnumerable<string> corpus, int vocabSize, IReadOnlyList<string>? specialTokens = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        specialTokens ??= ["<|endoftext|>"];
        if (vocabSize < 256 + specialTokens.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, $"must be at least 256 + {specialTokens.Count} special tokens");
        }

        // Word (byte-level spelling) → count, from the same GPT-2 pre-tokenization the tokenizer will apply.
        var preTokenizer = new PreTokenizerStep.ByteLevel(addPrefixSpace: false, useRegex: true);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in corpus)
        {
            foreach (var piece in preTokenizer.SplitAll([new PreToken(text, AtStart: true)]))
            {
                var word = ByteLevelAlphabet.Encode(piece.Text);
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }
        var vocab = new List<string>(ByteLevelAlphabet.ByteToChar.Select(c => c.ToString()));
        var idOf = vocab.Select((token, id) => (token, id)).ToDictionary(x => x.token, x => x.id, StringComparer.Ordinal);
        var words = counts.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (Symbols: kv.Key.Select(c => idOf[c.ToString()]).ToList(), Count: (long)kv.Value))
            .ToArray();

        // Pair counts and where each pair occurs, updated incrementally: only the words containing the merged pair change.
        var pairCounts = new Dictionary<(int, int), long>();
        var pairWords = new Dictionary<(int, int), HashSet<int>>();
        var queue = new PriorityQueue<(int Left, int Right), (long Count, string Left, string Right)>(new PairOrder());
        void Count(int word, int sign)
        {
            var (symbols, count) = words[word];
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                var pair = (symbols[i], symbols[i + 1]);
                var updated = pairCounts.GetValueOrDefault(pair) + (sign * count);
                pairCounts[pair] = updated;
                if (sign > 0)
                {
                    (pairWords.TryGetValue(pair, out var set) ? set : pairWords[pair] = []).Add(word);
                }
                if (updated >= 2)
                {
                    queue.Enqueue(pair, (updated, vocab[pair.Item1], vocab[pair.Item2]));
                }
            }
        }
        for (var word = 0; word < words.Length; word++)
        {
            Count(word, +1);
        }

        var merges = new List<(string Left, string Right)>();
        while (vocab.Count + specialTokens.Count < vocabSize && queue.TryDequeue(out var best, out var priority))
        {
            if (pairCounts.GetValueOrDefault(best) != priority.Count)
            {
                continue; // a stale entry: the pair's count changed since it was queued
            }
            var merged = vocab[best.Left] + vocab[best.Right];
            merges.Add((vocab[best.Left], vocab[best.Right]));
            if (!idOf.TryGetValue(merged, out var mergedId))
            {
                // Two different pairs can spell the same token ("a"+"bc", "ab"+"c"): it is one vocabulary entry.
                mergedId = vocab.Count;
                vocab.Add(merged);
                idOf[merged] = mergedId;
            }
            foreach (var word in pairWords[best].Order().ToList())
            {
                Count(word, -1);
                var symbols = words[word].Symbols;
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == best.Left && symbols[i + 1] == best.Right)
                    {
                        symbols[i] = mergedId;
                        symbols.RemoveAt(i + 1);
                    }
                }
                Count(word, +1);
            }
        }
        return new TrainedBpe(vocab, merges, specialTokens);
    }

    /// <summary>Most frequent first; ties to the ordinally smallest (left, right) so training is deterministic.</summary>
    private sealed class PairOrder : IComparer<(long Count, string Left, string Right)>
    {
        public int Compare((long Count, string Left, string Right) x, (long Count, string Left, string Right) y)
        {
            var byCount = y.Count.CompareTo(x.Count);
            if (byCount != 0)
            {
                return byCount;
            }
            var byLeft = string.CompareOrdinal(x.Left, y.Left);
            return byLeft != 0 ? byLeft : string.CompareOrdinal(x.Right, y.Right);
        }
    }
}

/// <summary>A trained byte-level BPE: ids 0..255 are bytes, then merges in order, then the special tokens.</summary>
public sealed record TrainedBpe(IReadOnlyList<string> Vocab, IReadOnlyList<(string Left, string Right)> Merges, IReadOnlyList<string> SpecialTokens)
{
    public int VocabSize => Vocab.Count + SpecialTokens.Count;

    /// <summary>Writes tokenizer.json (and a tokenizer_config.json naming the first special token BOS/EOS) into <paramref name="folder"/>.</summary>
    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        var options = new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var stream = File.Create(Path.Combine(folder, "tokenizer.json")))
        using (var json = new Utf8JsonWriter(stream, options))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.0");
            json.WriteNull("truncation");
            json.WriteNull("padding");
            json.WriteStartArray("added_tokens");
            for (var i = 0; i < SpecialTokens.Count; i++)
            {
                json.WriteStartObject();
                json.WriteNumber("id", Vocab.Count + i);
                json.WriteString("content", SpecialTokens[i]);
                json.WriteBoolean("single_word", false);
                json.WriteBoolean("lstrip", false);
                json.WriteBoolean("rstrip", false);
                json.WriteBoolean("normalized", false);
                json.WriteBoolean("special", true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNull("normalizer");
            WriteByteLevel(json, "pre_tokenizer", useRegex: true);
            WriteByteLevel(json, "post_processor", useRegex: true);
            WriteByteLevel(json, "decoder", useRegex: true);
            json.WriteStartObject("model");
            json.WriteString("type", "BPE");
            json.WriteNull("dropout");
            json.WriteNull("unk_token");
            json.WriteNull("continuing_subword_prefix");
            json.WriteNull("end_of_word_suffix");
            json.WriteBoolean("fuse_unk", false);
            json.WriteBoolean("byte_fallback", false);
            json.WriteBoolean("ignore_merges", false);
            json.WriteStartObject("vocab");
            for (var id = 0; id < Vocab.Count; id++)
            {
                json.WriteNumber(Vocab[id], id);
            }
            for (var i = 0; i < SpecialTokens.Count; i++)
            {
                json.WriteNumber(SpecialTokens[i], Vocab.Count + i);
            }
            json.WriteEndObject();
            json.WriteStartArray("merges");
            // "left right" strings: read by every tokenizers version (pairs as arrays only from 0.20); byte-level
            // pieces never contain a space, so the form is unambiguous.
            foreach (var (left, right) in Merges)
            {
                json.WriteStringValue(left + " " + right);
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        var special = SpecialTokens.Count > 0 ? JsonSerializer.Serialize(SpecialTokens[0]) : "null";
        File.WriteAllText(
            Path.Combine(folder, "tokenizer_config.json"),
            $"{{\n  \"tokenizer_class\": \"PreTrainedTokenizerFast\",\n  \"bos_token\": {special},\n  \"eos_token\": {special},\n  \"unk_token\": null,\n  \"pad_token\": null,\n  \"add_bos_token\": false,\n  \"add_eos_token\": false\n}}\n");
    }

    private static void WriteByteLevel(Utf8JsonWriter json, string name, bool useRegex)
    {
        json.WriteStartObject(name);
        json.WriteString("type", "ByteLevel");
        json.WriteBoolean("add_prefix_space", false);
        json.WriteBoolean("trim_offsets", true);
        json.WriteBoolean("use_regex", useRegex);
        json.WriteEndObject();
    }
}
