namespace SvDecode.Eval.Pipeline.Yaml;

/// <summary>
/// A linear scan for YAML flow collections ([…], {…}) nested too deep, before the parser sees the text. An opening
/// bracket counts where a flow collection can start (at the start of a value: after ':', '-', ',', '[', '{', '?' or at
/// the start of a line); quoted scalars and comments are skipped, so brackets inside strings do not count.
/// </summary>
internal static class FlowNesting
{
    /// <summary>The 1-based line and column of the first opener beyond <paramref name="maxDepth"/>, or null.</summary>
    public static (int Line, int Column)? FirstBeyond(string text, int maxDepth)
    {
        var depth = 0;
        var line = 1;
        var lineStart = 0;
        var valueStart = true; // the next non-blank character may open a collection
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n':
                    line++;
                    lineStart = i + 1;
                    valueStart = true;
                    continue;
                case ' ' or '\t' or '\r':
                    continue;
                case '#' when i == lineStart || text[i - 1] is ' ' or '\t':
                    while (i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        i++;
                    }
                    continue;
                case '"' or '\'' when valueStart:
                    i = EndOfQuoted(text, i, ref line, ref lineStart);
                    valueStart = false;
                    continue;
                case '[' or '{' when valueStart:
                    if (++depth > maxDepth)
                    {
                        return (line, i - lineStart + 1);
                    }
                    continue;
                case ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    valueStart = false;
                    continue;
                case ':' or '-' or ',' or '?':
                    valueStart = true;
                    continue;
                default:
                    valueStart = false;
                    continue;
            }
        }
        return null;
    }

    /// <summary>The index of the closing quote ('' escapes in single quotes, \ escapes in double quotes).</summary>
    private static int EndOfQuoted(string text, int open, ref int line, ref int lineStart)
    {
        var quote = text[open];
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if (quote == '"' && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                if (quote == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                {
                    i++;
                    continue;
                }
                return i;
            }
        }
        return text.Length - 1;
    }
}
