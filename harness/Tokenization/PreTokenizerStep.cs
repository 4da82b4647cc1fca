using System.Text.RegularExpressions;

namespace SvDecode.Eval.Tokenization;

/// <summary>A pre-token: a piece BPE runs on alone. <paramref name="AtStart"/>: it begins at offset 0 of the original text.</summary>
internal readonly record struct PreToken(string Text, bool AtStart);

/// <summary>
/// One Hugging Face pre-tokenizer step (tokenizer.json "pre_tokenizer"): splits pieces into smaller pieces.
/// Done here rather than with Microsoft.ML.Tokenizers' RegexPreTokenizer because HF's Split behaviours
/// (isolated/removed/merged), ByteLevel's add_prefix_space and Metaspace's prepend_scheme have no ML.NET counterpart.
/// </summary>
internal abstract class PreTokenizerStep
{
    /// <summary>GPT-2's pattern, the one ByteLevel uses when use_regex is true.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public abstract void Split(PreToken piece, List<PreToken> output);

    public List<PreToken> SplitAll(List<PreToken> pieces)
    {
        var output = new List<PreToken>(pieces.Count);
        foreach (var piece in pieces)
        {
            Split(piece, output);
        }
        return output;
    }

    public static Regex CompilePattern(string pattern) =>
        new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    public enum SplitBehavior { Isolated, Removed, MergedWithPrevious, MergedWithNext, Contiguous }

    /// <summary>HF Split: regex matches become (or join) pieces according to the behaviour.</summary>
    public sealed class RegexSplit(Regex pattern, SplitBehavior behavior, bool invert) : PreTokenizerStep
    {
        public override void Split(PreToken piece, List<PreToken> output)
        {
            // (start, length, isMatch) covering the whole text in order.
            var parts = new List<(int Start, int Length, bool IsMatch)>();
            var last = 0;
            var folding = AstralFolding.Fold(piece.Text);
            foreach (Match m in pattern.Matches(folding?.Folded ?? piece.Text))
            {
                if (m.Length == 0)
                {
                    continue;
                }
                var (index, end) = folding is { ToOriginal: var map } ? (map[m.Index], map[m.Index + m.Length]) : (m.Index, m.Index + m.Length);
                if (index > last)
                {
                    parts.Add((last, index - last, invert));
                }
                parts.Add((index, end - index, !invert));
                last = end;
            }
            if (last < piece.Text.Length)
            {
                parts.Add((last, piece.Text.Length - last, invert));
            }

            // Pieces as (start, end); "delimiters" are the parts the behaviour acts on (the matches, or the gaps when inverted).
            var pieces = new List<(int Start, int End)>();
            var previousWasDelimiter = false;
            foreach (var (start, length, isDelimiter) in parts)
            {
                var end = start + length;
                var joinPrevious = behavior switch
                {
                    SplitBehavior.MergedWithPrevious => isDelimiter && !previousWasDelimiter,
                    SplitBehavior.MergedWithNext => !isDelimiter && previousWasDelimiter,
                    SplitBehavior.Contiguous => isDelimiter && previousWasDelimiter,
                    _ => false,
                };
                if (behavior == SplitBehavior.Removed && isDelimiter)
                {
                    // dropped
                }
                else if (joinPrevious && pieces.Count > 0)
                {
                    pieces[^1] = (pieces[^1].Start, end);
                }
                else
                {
                    pieces.Add((start, end));
                }
                previousWasDelimiter = isDelimiter;
            }
            foreach (var (start, end) in pieces)
            {
                output.Add(new PreToken(piece.Text[start..end], piece.AtStart && start == 0));
            }
        }
    }

    /// <summary>HF ByteLevel: optional leading space, optional GPT-2 regex split. The byte mapping itself is the model's (ML.NET ByteLevel).</summary>
    public sealed class ByteLevel(bool addPrefixSpace, bool useRegex) : PreTokenizerStep
    {
        private static readonly Regex Gpt2 = CompilePattern(Gpt2Pattern);
        private readonly RegexSplit? _split = useRegex ? new RegexSplit(Gpt2, SplitBehavior.Isolated, false) : null;

        public override void Split(PreToken piece, List<PreToken> output)
        {
            if (addPrefixSpace && !piece.Text.StartsWith(' '))
            {
                piece = piece with { Text = " " + piece.Text };
            }
            if (_split is null)
            {
                output.Add(piece);
            }
            else
            {
                _split.Split(piece, output);
            }
        }
    }

    public enum PrependScheme { Always, First, Never }

    /// <summary>HF Metaspace: spaces become the replacement ("▁"), which is prepended per the scheme unless already there.</summary>
    public sealed class Metaspace(string replacement, PrependScheme scheme, bool split) : PreTokenizerStep
    {
        public override void Split(PreToken piece, List<PreToken> output)
        {
            var text = piece.Text.Replace(" ", replacement, StringComparison.Ordinal);
            var prepend = scheme == PrependScheme.Always || (scheme == PrependScheme.First && piece.AtStart);
            if (prepend && !text.StartsWith(replacement, StringComparison.Ordinal))
            {
                text = replacement + text;
            }
            if (!split)
            {
                output.Add(piece with { Text = text });
                return;
            }
            // Each word keeps the "▁" in front of it (MergedWithNext).
            var start = 0;
            for (var i = 1; i <= text.Length; i++)
            {
                if (i == text.Length || string.CompareOrdinal(text, i, replacement, 0, replacement.Length) == 0)
                {
                    if (i > start)
                    {
                        output.Add(new PreToken(text[start..i], piece.AtStart && start == 0));
                    }
                    start = i;
                }
            }
        }
    }

    /// <summary>
    /// SentencePiece's dummy prefix: "▁" in front of a piece, even one that already starts with "▁" (unlike Metaspace).
    /// transformers' slow Llama tokenizer adds it to every segment between added tokens (legacy) or only to the
    /// segment at the start of the text (legacy: false).
    /// </summary>
    public sealed class DummyPrefix(string prefix, bool onlyAtStart) : PreTokenizerStep
    {
        public override void Split(PreToken piece, List<PreToken> output) =>
            output.Add(piece.Text.Length == 0 || (onlyAtStart && !piece.AtStart) ? piece : piece with { Text = prefix + piece.Text });
    }

    public sealed class Sequence(IReadOnlyList<PreTokenizerStep> steps) : PreTokenizerStep
    {
        public override void Split(PreToken piece, List<PreToken> output)
        {
            var pieces = new List<PreToken> { piece };
            foreach (var step in steps)
            {
                pieces = step.SplitAll(pieces);
            }
            output.AddRange(pieces);
        }
    }
}
