namespace SvDecode.Eval.Tokenization;

/// <summary>
/// GPT-2's reversible byte → printable character map (bytes_to_unicode): printable Latin-1 bytes map to themselves,
/// the other 68 bytes to U+0100 onwards in byte order, so a space is 'Ġ' and a newline 'Ċ'.
/// </summary>
internal static class ByteLevelAlphabet
{
    public static IReadOnlyList<char> ByteToChar { get; } = Build();

    public static IReadOnlyDictionary<char, byte> CharToByte { get; } =
        Enumerable.Range(0, 256).ToDictionary(b => ByteToChar[b], b => (byte)b);

    /// <summary>The byte-level spelling of a piece of raw text (its UTF-8 bytes, one character each).</summary>
    public static string Encode(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = ByteToChar[bytes[i]];
        }
        return new string(chars);
    }

    private static char[] Build()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }
}
