using System.Text;

namespace SvDecode.Eval.Tokenization.Chat;

/// <summary>
/// A compiled Jinja template of the subset <see cref="JinjaParser"/> reads, rendered with Hugging Face's whitespace
/// settings. There is no well-kept Jinja2 implementation for .NET among the packages this project may use, and
/// chat templates need little of the language, so this is a small interpreter tested against jinja2's own renderings.
/// </summary>
public sealed class JinjaTemplate
{
    private readonly Action<JinjaScope, StringBuilder> _render;

    /// <param name="source">The template text.</param>
    /// <param name="origin">Names the template in errors ("…/tokenizer_config.json: chat_template"); a position in the
    /// template is added as line:column.</param>
    public JinjaTemplate(string source, string origin)
    {
        ArgumentNullException.ThrowIfNull(source);
        string Where(int offset)
        {
            var before = source.AsSpan(0, Math.Min(offset, source.Length));
            var line = before.Count('\n') + 1;
            var column = offset - (before.LastIndexOf('\n') + 1) + 1;
            return $"{origin} line {line}, column {column}";
        }
        _render = JinjaParser.Compile(source, Where);
        Origin = origin;
    }

    public string Origin { get; }

    /// <summary>Renders with <paramref name="variables"/> (strings, bools, longs, doubles, lists, string-keyed
    /// dictionaries, and functions as <see cref="Func{T, TResult}"/> of the positional arguments).</summary>
    public string Render(IReadOnlyDictionary<string, object?> variables)
    {
        var scope = new JinjaScope(null);
        scope.Set("range", (JinjaCallable)Range);
        scope.Set("namespace", (JinjaCallable)((_, kwargs) => new Dictionary<string, object?>(kwargs, StringComparer.Ordinal)));
        scope.Set("dict", (JinjaCallable)((_, kwargs) => new Dictionary<string, object?>(kwargs, StringComparer.Ordinal)));
        foreach (var (name, value) in variables)
        {
            scope.Set(name, value is Func<IReadOnlyList<object?>, object?> f ? (JinjaCallable)((args, _) => f(args)) : value);
        }
        var output = new StringBuilder();
        _render(scope, output);
        return output.ToString();
    }

    private static object? Range(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> _)
    {
        var bounds = args.Select(a => a is long l ? l : throw new InvalidOperationException("range() takes integers")).ToList();
        var (start, stop, step) = bounds.Count switch
        {
            1 => (0L, bounds[0], 1L),
            2 => (bounds[0], bounds[1], 1L),
            3 => (bounds[0], bounds[1], bounds[2]),
            _ => throw new InvalidOperationException("range() takes one to three arguments"),
        };
        if (step == 0)
        {
            throw new InvalidOperationException("range() step cannot be zero");
        }
        var result = new List<object?>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            result.Add(i);
        }
        return result;
    }
}
