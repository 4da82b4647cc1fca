using System.Text.RegularExpressions;

namespace SvDecode.Eval.Metrics;

/// <summary>
/// sacrebleu's default "13a" tokenizer (mteval-v13a): unescapes a few HTML entities, splits off ASCII punctuation
/// except apostrophes, splits periods and commas unless they sit between digits, and splits a dash after a digit.
/// Case is kept.
/// </summary>
public static partial class Bleu13aTokenizer
{
    public static string[] Tokenize(string line)
    {
        var text = line.TrimEnd()
            .Replace("<skipped>", "", StringComparison.Ordinal)
            .Replace("-\n", "", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal)
            .Replace("&quot;", "\"", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal)
            .Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&gt;", ">", StringComparison.Ordinal);
        text = " " + text + " ";
        text = Punctuation().Replace(text, " $1 ");
        text = PeriodCommaAfterNonDigit().Replace(text, "$1 $2 ");
        text = PeriodCommaBeforeNonDigit().Replace(text, " $1 $2");
        text = DashAfterDigit().Replace(text, "$1 $2 ");
        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    // ASCII symbols { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ /  (not ' , - . digits letters)
    [GeneratedRegex(@"([\{-\~\[-\` -\&\(-\+\:-\@\/])")]
    private static partial Regex Punctuation();

    [GeneratedRegex(@"([^0-9])([\.,])")]
    private static partial Regex PeriodCommaAfterNonDigit();

    [GeneratedRegex(@"([\.,])([^0-9])")]
    private static partial Regex PeriodCommaBeforeNonDigit();

    [GeneratedRegex(@"([0-9])(-)")]
    private static partial Regex DashAfterDigit();
}
