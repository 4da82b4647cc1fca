using System.Globalization;
using System.Text;

namespace SvDecode.Eval.Tokenization.Chat;

/// <summary>
/// Splits a template into text and tags with the whitespace rules Hugging Face renders chat templates with
/// (transformers' apply_chat_template: <c>trim_blocks</c> and <c>lstrip_blocks</c> on, <c>-</c> markers strip
/// around a tag, a final newline of the template dropped), then splits each tag into tokens.
/// </summary>
internal static class JinjaLexer
{
    private static readonly string[] Operators =
        ["==", "!=", "<=", ">=", "//", "**", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}", ".", ",", ":", "|"];

    public static List<JinjaSegment> Segments(string source, Func<int, string> where)
    {
        var segments = new List<JinjaSegment>();
        var position = 0;
        var stripNextLeading = false;
        var trimNextNewline = false;
        while (position < source.Length)
        {
            var open = NextTagOpen(source, position);
            var text = source[position..(open < 0 ? source.Length : open)];
            var atLineStart = position == 0 || source[position - 1] == '\n';
            if (trimNextNewline && text.StartsWith('\n'))
            {
                text = text[1..];
                atLineStart = true;
            }
            if (stripNextLeading)
            {
                text = text.TrimStart();
            }
            trimNextNewline = stripNextLeading = false;
            if (open < 0)
            {
                segments.Add(new JinjaSegment(text, false, false, [], position));
                break;
            }
            var kind = source[open + 1];
            var close = kind switch { '{' => "}}", '%' => "%}", _ => "#}" };
            var end = source.IndexOf(close, open + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new InputException($"{where(open)}: '{{{kind}' is never closed with '{close}'.");
            }
            var innerStart = open + 2;
            var innerEnd = end;
            var plus = innerStart < innerEnd && source[innerStart] == '+';
            if (innerStart < innerEnd && (source[innerStart] == '-' || plus))
            {
                if (source[innerStart] == '-')
                {
                    text = text.TrimEnd();
                }
                innerStart++;
            }
            else if (kind != '{')
            {
                text = StripLineIndent(text, atLineStart); // lstrip_blocks: the indentation before a block or comment tag
            }
            if (innerEnd > innerStart && source[innerEnd - 1] == '-')
            {
                stripNextLeading = true;
                innerEnd--;
            }
            trimNextNewline = kind != '{'; // trim_blocks: the newline after a block or comment tag
            segments.Add(new JinjaSegment(text, false, false, [], position));
            if (kind != '#')
            {
                segments.Add(new JinjaSegment("", kind == '{', kind == '%', Tokens(source, innerStart, innerEnd, where), open));
            }
            position = end + 2;
        }
        // keep_trailing_newline is off: one final newline of the template is not output.
        if (segments.Count > 0 && segments[^1] is { IsOutput: false, IsBlock: false } last && last.Text.EndsWith('\n'))
        {
            segments[^1] = last with { Text = last.Text[..^1] };
        }
        return segments;
    }

    private static int NextTagOpen(string source, int from)
    {
        for (var i = source.IndexOf('{', from); i >= 0 && i + 1 < source.Length; i = source.IndexOf('{', i + 1))
        {
            if (source[i + 1] is '{' or '%' or '#')
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Drops spaces and tabs between the start of the tag's line and the tag; only when the tag's line starts
    /// in this text or the text itself starts a line (not after another tag on the same line).</summary>
    private static string StripLineIndent(string text, bool atLineStart)
    {
        var lineStart = text.LastIndexOf('\n') + 1;
        return (lineStart > 0 || atLineStart) && text.AsSpan(lineStart).Trim(" \t").IsEmpty ? text[..lineStart] : text;
    }

    private static List<JinjaToken> Tokens(string source, int start, int end, Func<int, string> where)
    {
        var tokens = new List<JinjaToken>();
        var i = start;
        while (i < end)
        {
            var c = source[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                var s = i;
                while (i < end && (char.IsLetterOrDigit(source[i]) || source[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new JinjaToken(JinjaTokenKind.Name, source[s..i], s));
                continue;
            }
            if (char.IsDigit(c))
            {
                var s = i;
                while (i < end && char.IsDigit(source[i]))
                {
                    i++;
                }
                var isFloat = i + 1 < end && source[i] == '.' && char.IsDigit(source[i + 1]);
                if (isFloat)
                {
                    i++;
                    while (i < end && char.IsDigit(source[i]))
                    {
                        i++;
                    }
                }
                tokens.Add(new JinjaToken(isFloat ? JinjaTokenKind.Float : JinjaTokenKind.Integer, source[s..i], s));
                continue;
            }
            if (c is '\'' or '"')
            {
                var (text, next) = StringLiteral(source, i, end, where);
                tokens.Add(new JinjaToken(JinjaTokenKind.String, text, i));
                i = next;
                continue;
            }
            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(source, i, o, 0, o.Length) == 0 && i + o.Length <= end)
                ?? throw new InputException($"{where(i)}: unexpected character '{c}' in a tag.");
            tokens.Add(new JinjaToken(JinjaTokenKind.Operator, op, i));
            i += op.Length;
        }
        tokens.Add(new JinjaToken(JinjaTokenKind.End, "", end));
        return tokens;
    }

    /// <summary>A quoted string with Python's escapes (\n, \t, \\, \', \", \uXXXX).</summary>
    private static (string Text, int Next) StringLiteral(string source, int start, int end, Func<int, string> where)
    {
        var quote = source[start];
        var text = new StringBuilder();
        for (var i = start + 1; i < end; i++)
        {
            var c = source[i];
            if (c == quote)
            {
                return (text.ToString(), i + 1);
            }
            if (c != '\\' || i + 1 >= end)
            {
                text.Append(c);
                continue;
            }
            var e = source[++i];
            switch (e)
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case '\\' or '\'' or '"': text.Append(e); break;
                case 'u' when i + 4 < end:
                    text.Append((char)int.Parse(source.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: text.Append('\\').Append(e); break;
            }
        }
        throw new InputException($"{where(start)}: a string literal is never closed.");
    }
}
