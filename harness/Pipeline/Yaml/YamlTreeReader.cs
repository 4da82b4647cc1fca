using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SvDecode.Eval.Pipeline.Yaml;

/// <summary>Reads one YAML document into <see cref="YamlValue"/> nodes, reporting syntax errors and duplicate keys.</summary>
public static class YamlTreeReader
{
    public static YamlValue? Read(string text, string source, DiagnosticBag diagnostics, int lineOffset = 0, int columnOffset = 0)
    {
        var parser = new Parser(new StringReader(text));
        var last = new SourceMark(source, 1 + lineOffset, 1 + columnOffset);
        SourceMark MarkOf(ParsingEvent e) => last =
            new(source, (int)e.Start.Line + lineOffset, (int)e.Start.Column + (e.Start.Line == 1 ? columnOffset : 0));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }
            parser.Consume<DocumentStart>();
            var root = ReadValue(parser, MarkOf, diagnostics);
            parser.Consume<DocumentEnd>();
            if (!parser.TryConsume<StreamEnd>(out _))
            {
                var next = parser.Current!;
                diagnostics.Add(MarkOf(next), "only one YAML document is allowed in a pipeline file");
            }
            return root;
        }
        catch (YamlException ex)
        {
            var mark = new SourceMark(source, (int)ex.Start.Line + lineOffset, (int)ex.Start.Column + (ex.Start.Line == 1 ? columnOffset : 0));
            diagnostics.Add(mark, "YAML syntax error: " + SyntaxMessage(ex));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException on some malformed plain scalars (found by
            // fuzzing); we know only that the problem lies after the last node it read.
            diagnostics.Add(last, "YAML syntax error after this point: the file cannot be read as YAML");
            return null;
        }
    }

    private static YamlValue ReadValue(IParser parser, Func<ParsingEvent, SourceMark> markOf, DiagnosticBag diagnostics)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of input");
        switch (current)
        {
            case Scalar scalar:
                parser.MoveNext();
                return new YamlScalar(scalar.Value, scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted, markOf(scalar));
            case SequenceStart start:
                {
                    parser.MoveNext();
                    var items = new List<YamlValue>();
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        items.Add(ReadValue(parser, markOf, diagnostics));
                    }
                    return new YamlList(items, markOf(start));
                }
            case MappingStart start:
                {
                    parser.MoveNext();
                    var entries = new List<YamlEntry>();
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var keyNode = ReadValue(parser, markOf, diagnostics);
                        var value = ReadValue(parser, markOf, diagnostics);
                        if (keyNode is not YamlScalar key)
                        {
                            diagnostics.Add(keyNode.Mark, "a key must be a plain name, not a list or a mapping");
                            continue;
                        }
                        var first = entries.Find(e => e.Key.Text == key.Text);
                        if (first is not null)
                        {
                            diagnostics.Add(key.Mark, $"duplicate key '{key.Text}' (first given at line {first.Key.Mark.Line})");
                            continue;
                        }
                        entries.Add(new YamlEntry(key, value));
                    }
                    return new YamlMap(entries, markOf(start));
                }
            case AnchorAlias alias:
                parser.MoveNext();
                diagnostics.Add(markOf(alias), "YAML aliases (*name) are not supported in pipeline files; repeat the value");
                return new YamlScalar("", false, markOf(alias));
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private static string SyntaxMessage(YamlException ex)
    {
        // YamlDotNet prefixes its message with "(Line: 3, Col: 5, Idx: ...) - (...): "; the mark already says where.
        var message = ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith('(') && cut > 0)
        {
            message = message[(cut + 3)..];
        }
        return message.TrimEnd('.');
    }
}
