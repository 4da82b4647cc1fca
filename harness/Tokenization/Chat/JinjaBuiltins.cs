using System.Collections;
using System.Globalization;

namespace SvDecode.Eval.Tokenization.Chat;

/// <summary>
/// The filters, tests and methods the chat templates of Hugging Face models use (Qwen, Llama, Mistral, Gemma
/// families). Anything else is an error naming it, never a silent empty string.
/// </summary>
internal static class JinjaBuiltins
{
    public static object? Filter(string name, object? value, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs)
    {
        object? Arg(int i, object? fallback = null) => i < args.Count ? args[i] : fallback;
        object? Named(string key, int position, object? fallback = null) => kwargs.TryGetValue(key, out var v) ? v : Arg(position, fallback);
        return name switch
        {
            "trim" => Str(value).Trim(),
            "length" or "count" => (long)Count(value),
            "tojson" => JinjaValues.Json(value, Named("indent", 0) is long indent ? (int)indent : null),
            "upper" => Str(value).ToUpperInvariant(),
            "lower" => Str(value).ToLowerInvariant(),
            "capitalize" => Str(value) is { Length: > 0 } s ? char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant() : "",
            "title" => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(Str(value).ToLowerInvariant()),
            "string" => JinjaValues.Text(value),
            "int" => value is string s ? (long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : 0L) : (long)JinjaValues.ToDouble(value),
            "float" => value is string f ? (double.TryParse(f.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0.0) : JinjaValues.ToDouble(value),
            "first" => Items(value).FirstOrDefault(JinjaUndefined.Instance),
            "last" => Items(value).LastOrDefault(JinjaUndefined.Instance),
            "list" => Items(value).ToList(),
            "reverse" => value is string r ? new string(r.Reverse().ToArray()) : Items(value).Reverse().ToList(),
            "join" => string.Join(Str(Named("d", 0, "")), Items(value).Select(JinjaValues.Text)),
            "default" or "d" => value is JinjaUndefined || (JinjaValues.IsTrue(Named("boolean", 1, false)) && !JinjaValues.IsTrue(value)) ? Named("default_value", 0, "") : value,
            "replace" => Str(value).Replace(Str(Arg(0)), Str(Arg(1)), StringComparison.Ordinal),
            "items" => Pairs(value),
            "safe" => value,
            "abs" => value is long a ? Math.Abs(a) : Math.Abs(JinjaValues.ToDouble(value)),
            _ => throw new InvalidOperationException($"the filter '{name}' is not supported"),
        };
    }

    public static bool Test(string name, object? value, IReadOnlyList<object?> args) => name switch
    {
        "defined" => value is not JinjaUndefined,
        "undefined" => value is JinjaUndefined,
        "none" => value is null,
        "string" => value is string,
        "number" => value is long or double,
        "integer" => value is long,
        "float" => value is double,
        "boolean" => value is bool,
        "true" => value is true,
        "false" => value is false,
        "mapping" => value is IDictionary<string, object?>,
        "sequence" or "iterable" => value is string or IList or IDictionary<string, object?>,
        "eq" or "equalto" or "==" => args.Count > 0 && JinjaValues.AreEqual(value, args[0]),
        "ne" or "!=" => args.Count > 0 && !JinjaValues.AreEqual(value, args[0]),
        "in" => args.Count > 0 && JinjaValues.Contains(args[0], value),
        "odd" => value is long o && o % 2 != 0,
        "even" => value is long e && e % 2 == 0,
        "divisibleby" => value is long n && args.Count > 0 && args[0] is long m && m != 0 && n % m == 0,
        _ => throw new InvalidOperationException($"the test '{name}' is not supported"),
    };

    /// <summary>A method of a str, dict or list (<c>content.strip()</c>, <c>message.get('x')</c>, <c>d.items()</c>).</summary>
    public static object? Method(object? target, string name, IReadOnlyList<object?> args)
    {
        object? Arg(int i, object? fallback = null) => i < args.Count ? args[i] : fallback;
        string Chars(int i) => Arg(i) is string c ? c : " \t\n\r\f\v";
        return (target, name) switch
        {
            (string s, "strip") => s.Trim(Chars(0).ToCharArray()),
            (string s, "lstrip") => s.TrimStart(Chars(0).ToCharArray()),
            (string s, "rstrip") => s.TrimEnd(Chars(0).ToCharArray()),
            (string s, "upper") => s.ToUpperInvariant(),
            (string s, "lower") => s.ToLowerInvariant(),
            (string s, "title") => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s.ToLowerInvariant()),
            (string s, "startswith") => Arg(0) is IList prefixes ? prefixes.Cast<object?>().Any(p => s.StartsWith(Str(p), StringComparison.Ordinal)) : s.StartsWith(Str(Arg(0)), StringComparison.Ordinal),
            (string s, "endswith") => Arg(0) is IList suffixes ? suffixes.Cast<object?>().Any(p => s.EndsWith(Str(p), StringComparison.Ordinal)) : s.EndsWith(Str(Arg(0)), StringComparison.Ordinal),
            (string s, "replace") => s.Replace(Str(Arg(0)), Str(Arg(1)), StringComparison.Ordinal),
            (string s, "split") => Split(s, Arg(0) as string, Arg(1) is long max ? (int)max : -1),
            (string s, "find") => (long)s.IndexOf(Str(Arg(0)), StringComparison.Ordinal),
            (IDictionary<string, object?> d, "get") => d.TryGetValue(Str(Arg(0)), out var v) ? v : Arg(1),
            (IDictionary<string, object?> d, "items") => Pairs(d),
            (IDictionary<string, object?> d, "keys") => d.Keys.Cast<object?>().ToList(),
            (IDictionary<string, object?> d, "values") => d.Values.ToList(),
            _ => throw new InvalidOperationException($"the method '{name}' of {JinjaValues.Repr(target)} is not supported"),
        };
    }

    public static IEnumerable<object?> Items(object? value) => value switch
    {
        string s => s.Select(c => (object?)c.ToString()),
        IDictionary<string, object?> d => d.Keys,
        IList list => list.Cast<object?>(),
        JinjaUndefined => [],
        _ => throw new InvalidOperationException($"{JinjaValues.Repr(value)} is not iterable"),
    };

    private static List<object?> Pairs(object? value) => value is IDictionary<string, object?> d
        ? d.Select(kv => (object?)new List<object?> { kv.Key, kv.Value }).ToList()
        : throw new InvalidOperationException($"{JinjaValues.Repr(value)} has no items");

    private static List<object?> Split(string s, string? separator, int max)
    {
        if (separator is null)
        {
            return s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Cast<object?>().ToList();
        }
        return (max < 0 ? s.Split(separator) : s.Split(separator, max + 1)).Cast<object?>().ToList();
    }

    private static int Count(object? value) => value switch
    {
        string s => s.Length,
        ICollection c => c.Count,
        _ => throw new InvalidOperationException($"{JinjaValues.Repr(value)} has no length"),
    };

    private static string Str(object? value) => JinjaValues.Text(value);
}
