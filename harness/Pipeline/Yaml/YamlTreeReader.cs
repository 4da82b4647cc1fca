using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SvDecode.Eval.Pipeline.Yaml;

/// <summary>Reads one YAML document into <see cref="YamlValue"/> nodes, reporting syntax errors and duplicate keys.</summary>
public static class YamlTreeReader
{
    /// <summary>The deepest nesting a pipeline file may have. Real pipelines nest a handful of levels; the reader and
    /// the binder walk the tree recursively, so a limit keeps a hostile file from overflowing the stack.</summary>
    public const int MaxDepth = 64;

    public static YamlValue? Read(string text, string source, DiagnosticBag diagnostics, int lineOffset = 0, int columnOffset = 0)
    {
        if (FlowNesting.FirstBeyond(text, MaxDepth) is { } deep)
        {
            // Checked before parsing: YamlDotNet's scanner slows down quadratically with flow nesting ([[[[…).
            diagnostics.Add(new SourceMark(source, deep.Line + lineOffset, deep.Column + (deep.Line == 1 ? columnOffset : 0)),
                $"nested more than {MaxDepth} levels deep; a pipeline file is refused beyond that");
            return null;
        }
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
            var root = ReadValue(parser, MarkOf, diagnostics, depth: 1);
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

    private static YamlValue ReadValue(IParser parser, Func<ParsingEvent, SourceMark> markOf, DiagnosticBag diagnostics, int depth)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of input");
        if (depth > MaxDepth && current is SequenceStart or MappingStart)
        {
            diagnostics.Add(markOf(current), $"nested more than {MaxDepth} levels deep; a pipeline file is refused beyond that");
            SkipNested(parser);
            return new YamlScalar("", false, markOf(current));
        }
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
                        items.Add(ReadValue(parser, markOf, diagnostics, depth + 1));
                    }
                    return new YamlList(items, markOf(start));
                }
            case MappingStart start:
                {
                    parser.MoveNext();
                    var entries = new List<YamlEntry>();
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var keyNode = ReadValue(parser, markOf, diagnostics, depth + 1);
                        var value = ReadValue(parser, markOf, diagnostics, depth + 1);
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

    /// <summary>Consumes the current collection and everything inside it, without recursion.</summary>
    private static void SkipNested(IParser parser)
    {
        var open = 0;
        do
        {
            var e = parser.Current ?? throw new YamlException("unexpected end of input");
            open += e is SequenceStart or MappingStart ? 1 : e is SequenceEnd or MappingEnd ? -1 : 0;
            parser.MoveNext();
        }
        while (open > 0);
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
