namespace SvDecode.Eval.Metrics;

/// <summary>
/// Parses a generated answer for the generate-then-parse scoring mode (the paper's "the correct answer is …").
/// Matching is case-insensitive; the answer is the allowed string that occurs FIRST in the generation, counted only
/// at word boundaries (the characters either side are not letters or digits, so "answer1" does not match inside
/// "answer10" and "true" does not match inside "untrue"). When two allowed strings start at the same place, the
/// longer one wins. No match means unparsable, which scoring counts as wrong and reports.
/// </summary>
public sealed class AnswerParser
{
    private readonly string[] _allowed;

    /// <param name="allowedAnswers">The answer strings in choice order, e.g. "answer1".."answer5", "true"/"false".</param>
    public AnswerParser(IReadOnlyList<string> allowedAnswers)
    {
        if (allowedAnswers.Count == 0 || allowedAnswers.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("An answer parser needs at least one non-empty allowed answer.", nameof(allowedAnswers));
        }
        _allowed = [.. allowedAnswers];
    }

    public IReadOnlyList<string> AllowedAnswers => _allowed;

    /// <summary>The index (into the allowed answers) of the first allowed answer found, or null if none is found.</summary>
    public int? Parse(string generation)
    {
        int? bestIndex = null;
        var bestPosition = int.MaxValue;
        for (var i = 0; i < _allowed.Length; i++)
        {
            var position = FirstWholeWord(generation, _allowed[i]);
            if (position < 0)
            {
                continue;
            }
            if (position < bestPosition || (position == bestPosition && _allowed[i].Length > _allowed[bestIndex!.Value].Length))
            {
                bestIndex = i;
                bestPosition = position;
            }
        }
        return bestIndex;
    }

    private static int FirstWholeWord(string text, string word)
    {
        var start = 0;
        while (start <= text.Length - word.Length)
        {
            var found = text.IndexOf(word, start, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return -1;
            }
            var end = found + word.Length;
            var leftOk = found == 0 || !char.IsLetterOrDigit(text[found - 1]);
            var rightOk = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (leftOk && rightOk)
            {
                return found;
            }
            start = found + 1;
        }
        return -1;
    }
}
