using System.Globalization;

namespace SvDecode.Eval.Tokenization;

/// <summary>
/// .NET regexes see UTF-16 code units, so a character outside the BMP (𝐀, 𠀀, 😀) is two surrogates that match
/// neither \p{L} nor \p{N}; Hugging Face's regex engine sees one code point of its real category. Before a
/// pre-tokenizer regex runs, each such pair is folded into one BMP stand-in of the same general category, and
/// match positions are mapped back to the original text.
/// </summary>
internal static class AstralFolding
{
    /// <summary>A BMP character of each general category, none of them ASCII (patterns spell their literals in ASCII).</summary>
    private static readonly Dictionary<UnicodeCategory, char> StandIns = new()
    {
        [UnicodeCategory.UppercaseLetter] = '\u00C0',
        [UnicodeCategory.LowercaseLetter] = '\u00E0',
        [UnicodeCategory.TitlecaseLetter] = '\u01C5',
        [UnicodeCategory.ModifierLetter] = '\u02B0',
        [UnicodeCategory.OtherLetter] = '\u05D0',
        [UnicodeCategory.NonSpacingMark] = '\u0300',
        [UnicodeCategory.SpacingCombiningMark] = '\u0903',
        [UnicodeCategory.EnclosingMark] = '\u20DD',
        [UnicodeCategory.DecimalDigitNumber] = '\u0660',
        [UnicodeCategory.LetterNumber] = '\u2160',
        [UnicodeCategory.OtherNumber] = '\u00B2',
        [UnicodeCategory.SpaceSeparator] = '\u3000',
        [UnicodeCategory.LineSeparator] = '\u2028',
        [UnicodeCategory.ParagraphSeparator] = '\u2029',
        [UnicodeCategory.Control] = '\u0080',
        [UnicodeCategory.Format] = '\u2061',
        [UnicodeCategory.PrivateUse] = '\uE000',
        [UnicodeCategory.ConnectorPunctuation] = '\u203F',
        [UnicodeCategory.DashPunctuation] = '\u2010',
        [UnicodeCategory.OpenPunctuation] = '\u2045',
        [UnicodeCategory.ClosePunctuation] = '\u2046',
        [UnicodeCategory.InitialQuotePunctuation] = '\u00AB',
        [UnicodeCategory.FinalQuotePunctuation] = '\u00BB',
        [UnicodeCategory.OtherPunctuation] = '\u00A1',
        [UnicodeCategory.MathSymbol] = '\u00AC',
        [UnicodeCategory.CurrencySymbol] = '\u00A4',
        [UnicodeCategory.ModifierSymbol] = '\u00A8',
        [UnicodeCategory.OtherSymbol] = '\u00A9',
        [UnicodeCategory.OtherNotAssigned] = '\u0378',
    };

    internal static IReadOnlyDictionary<UnicodeCategory, char> StandInsByCategory => StandIns;

    /// <summary>
    /// The text to run the regex on, and for each of its positions (plus the end) the position in <paramref name="text"/>;
    /// null when the text has no surrogate pair (nothing to fold).
    /// </summary>
    public static (string Folded, int[] ToOriginal)? Fold(string text)
    {
        if (!text.Any(char.IsHighSurrogate))
        {
            return null;
        }
        var folded = new char[text.Length];
        var toOriginal = new int[text.Length + 1];
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            toOriginal[length] = i;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text[i], text[i + 1]));
                folded[length++] = StandIns.GetValueOrDefault(category, '\u0378');
                i++;
            }
            else
            {
                folded[length++] = text[i]; // lone surrogates stay as they are
            }
        }
        toOriginal[length] = text.Length;
        return (new string(folded, 0, length), toOriginal[..(length + 1)]);
    }
}
