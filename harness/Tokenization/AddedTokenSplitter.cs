namespace SvDecode.Eval.Tokenization;

/// <summary>A piece of the input: plain text still to be tokenized, or an added token already matched.</summary>
internal readonly record struct TextSegment(string Text, int Offset, AddedToken? Token);

/// <summary>
/// Splits added tokens out of the raw text before normalization, as Hugging Face does: at the leftmost position
/// where any added token matches, the longest one wins; lstrip/rstrip tokens swallow the whitespace beside them.
/// Microsoft.ML.Tokenizers' special-token handling lives inside its pre-tokenizer (after normalization) and knows
/// nothing of lstrip/rstrip or of tokens outside the model vocabulary, so this step is done here.
/// </summary>
internal sealed class AddedTokenSplitter
{
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;

    public AddedTokenSplitter(IEnumerable<AddedToken> tokens)
    {
        _byFirstChar = tokens
            .Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
    }

    public bool IsEmpty => _byFirstChar.Count == 0;

    public List<TextSegment> Split(string text)
    {
        var segments = new List<TextSegment>();
        var plainStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            var match = MatchAt(text, i);
            if (match is null)
            {
                i++;
                continue;
            }
            var tokenStart = i;
            if (match.LeftStrip)
            {
                while (tokenStart > plainStart && char.IsWhiteSpace(text[tokenStart - 1]))
                {
                    tokenStart--;
                }
            }
            var tokenEnd = i + match.Content.Length;
            if (match.RightStrip)
            {
                while (tokenEnd < text.Length && char.IsWhiteSpace(text[tokenEnd]))
                {
                    tokenEnd++;
                }
            }
            if (tokenStart > plainStart)
            {
                segments.Add(new TextSegment(text[plainStart..tokenStart], plainStart, null));
            }
            segments.Add(new TextSegment(match.Content, tokenStart, match));
            plainStart = i = tokenEnd;
        }
        if (plainStart < text.Length)
        {
            segments.Add(new TextSegment(text[plainStart..], plainStart, null));
        }
        return segments;
    }

    private AddedToken? MatchAt(string text, int position)
    {
        if (!_byFirstChar.TryGetValue(text[position], out var candidates))
        {
            return null;
        }
        foreach (var candidate in candidates)
        {
            if (position + candidate.Content.Length <= text.Length
                && string.CompareOrdinal(text, position, candidate.Content, 0, candidate.Content.Length) == 0)
            {
                return candidate;
            }
        }
        return null;
    }
}
