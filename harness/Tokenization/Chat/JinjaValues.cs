using System.Collections;
using System.Globalization;
using System.Text;

namespace SvDecode.Eval.Tokenization.Chat;

/// <summary>
/// Python's semantics for the values a chat template sees: None (null), bool, int (long), float (double), str, list
/// (<see cref="List{T}"/>), dict (<see cref="Dictionary{TKey,TValue}"/> in insertion order) and undefined.
/// </summary>
internal static class JinjaValues
{
    public static bool IsTrue(object? value) => value switch
    {
        null or JinjaUndefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        ICollection c => c.Count > 0,
        _ => true,
    };

    /// <summary>What <c>{{ value }}</c> writes (Python's <c>str</c>).</summary>
    public static string Text(object? value) => value switch
    {
        JinjaUndefined => "",
        string s => s,
        _ => Repr(value),
    };

    /// <summary>Python's <c>repr</c>, used for values inside lists and dicts.</summary>
    public static string Repr(object? value) => value switch
    {
        null => "None",
        JinjaUndefined => "",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FloatText(d),
        string s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'",
        IDictionary<string, object?> dict => "{" + string.Join(", ", dict.Select(kv => Repr(kv.Key) + ": " + Repr(kv.Value))) + "}",
        IList list => "[" + string.Join(", ", list.Cast<object?>().Select(Repr)) + "]",
        _ => value.ToString() ?? "",
    };

    public static bool AreEqual(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (JinjaUndefined, JinjaUndefined) => true,
        (string x, string y) => x == y,
        (bool x, bool y) => x == y,
        _ when IsNumber(a) && IsNumber(b) => ToDouble(a) == ToDouble(b),
        (IList x, IList y) => x.Count == y.Count && Enumerable.Range(0, x.Count).All(i => AreEqual(x[i], y[i])),
        _ => Equals(a, b),
    };

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new InvalidOperationException($"not a number: {Repr(value)}"),
    };

    public static int Compare(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        _ when IsNumber(a) && IsNumber(b) => ToDouble(a).CompareTo(ToDouble(b)),
        _ => throw new InvalidOperationException($"cannot order {Repr(a)} and {Repr(b)}"),
    };

    public static bool Contains(object? container, object? item) => container switch
    {
        string s => item is string sub && s.Contains(sub, StringComparison.Ordinal),
        IDictionary<string, object?> dict => item is string key && dict.ContainsKey(key),
        IList list => list.Cast<object?>().Any(x => AreEqual(x, item)),
        _ => false,
    };

    public static object? Arithmetic(string op, object? a, object? b)
    {
        if (op == "+" && a is string sa && b is string sb)
        {
            return sa + sb;
        }
        if (op == "+" && a is IList la && b is IList lb)
        {
            return la.Cast<object?>().Concat(lb.Cast<object?>()).ToList();
        }
        if (op == "*" && a is string text && b is long times)
        {
            return string.Concat(Enumerable.Repeat(text, (int)Math.Max(0, times)));
        }
        if (!IsNumber(a) || !IsNumber(b))
        {
            throw new InvalidOperationException($"unsupported operand types for {op}: {Repr(a)} and {Repr(b)}");
        }
        if (a is not double && b is not double && op != "/")
        {
            var (x, y) = ((long)ToDouble(a), (long)ToDouble(b));
            return op switch
            {
                "+" => x + y,
                "-" => x - y,
                "*" => x * y,
                "//" => (long)Math.Floor((double)x / y),
                "%" => ((x % y) + y) % y, // Python's modulo takes the divisor's sign
                _ => (long)Math.Pow(x, y),
            };
        }
        var (p, q) = (ToDouble(a), ToDouble(b));
        return op switch
        {
            "+" => p + q,
            "-" => p - q,
            "*" => p * q,
            "/" => p / q,
            "//" => Math.Floor(p / q),
            "%" => p - (q * Math.Floor(p / q)),
            _ => Math.Pow(p, q),
        };
    }

    /// <summary><c>value.name</c> or <c>value['name']</c>: a dict's key, a list's or string's index, else undefined.</summary>
    public static object? Item(object? value, object? key) => (value, key) switch
    {
        (IDictionary<string, object?> dict, string name) => dict.TryGetValue(name, out var v) ? v : JinjaUndefined.Instance,
        (IList list, long index) => Index(list.Count, index) is { } i ? list[i] : JinjaUndefined.Instance,
        (string s, long index) => Index(s.Length, index) is { } i ? s[i].ToString() : JinjaUndefined.Instance,
        _ => JinjaUndefined.Instance,
    };

    /// <summary>Python's slice <c>value[start:stop:step]</c> of a list or string.</summary>
    public static object? Slice(object? value, object? start, object? stop, object? step)
    {
        var items = value switch
        {
            string s => s.Select(c => (object?)c.ToString()).ToList(),
            IList list => list.Cast<object?>().ToList(),
            _ => throw new InvalidOperationException($"cannot slice {Repr(value)}"),
        };
        var by = step is long st ? st : 1;
        if (by == 0)
        {
            throw new InvalidOperationException("slice step cannot be zero");
        }
        var n = items.Count;
        long Bound(object? v, long fallback) => v is long x ? Math.Clamp(x < 0 ? x + n : x, by > 0 ? 0 : -1, by > 0 ? n : n - 1) : fallback;
        var from = Bound(start, by > 0 ? 0 : n - 1);
        var to = Bound(stop, by > 0 ? n : -1);
        var result = new List<object?>();
        for (var i = from; by > 0 ? i < to : i > to; i += by)
        {
            result.Add(items[(int)i]);
        }
        return value is string ? string.Concat(result.Cast<string>()) : result;
    }

    /// <summary>Python's json.dumps as transformers' tojson filter calls it (ensure_ascii off; an indent optional).</summary>
    public static string Json(object? value, int? indent, int depth = 0)
    {
        string Pad(int d) => indent is { } n ? "\n" + new string(' ', n * d) : "";
        var separator = indent is null ? ", " : ",";
        return value switch
        {
            null or JinjaUndefined => "null",
            bool b => b ? "true" : "false",
            long l => l.ToString(CultureInfo.InvariantCulture),
            double d => FloatText(d),
            string s => JsonString(s),
            IDictionary<string, object?> dict when dict.Count == 0 => "{}",
            IDictionary<string, object?> dict => "{" + string.Join(separator, dict.Select(kv => Pad(depth + 1) + JsonString(kv.Key) + ": " + Json(kv.Value, indent, depth + 1))) + Pad(depth) + "}",
            IList list when list.Count == 0 => "[]",
            IList list => "[" + string.Join(separator, list.Cast<object?>().Select(x => Pad(depth + 1) + Json(x, indent, depth + 1))) + Pad(depth) + "]",
            _ => JsonString(value.ToString() ?? ""),
        };
    }

    private static string JsonString(string s)
    {
        var text = new StringBuilder("\"");
        foreach (var c in s)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    private static string FloatText(double d)
    {
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) || !double.IsFinite(d) ? text : text + ".0";
    }

    private static int? Index(int count, long index)
    {
        var i = index < 0 ? index + count : index;
        return i >= 0 && i < count ? (int)i : null;
    }
}
