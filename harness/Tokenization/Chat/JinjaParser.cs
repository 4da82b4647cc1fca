using System.Globalization;
using System.Text;

namespace SvDecode.Eval.Tokenization.Chat;

/// <summary>
/// Compiles the Jinja subset chat templates use into delegates: text, <c>{{ expr }}</c>, <c>{% if/elif/else %}</c>,
/// <c>{% for x in xs %}</c> (also <c>for a, b in</c>, with <c>loop.index0/index/first/last/length/revindex</c>),
/// <c>{% set x = expr %}</c> and <c>{% set ns.x = expr %}</c>, <c>{% generation %}</c> (rendered as its body).
/// Expressions follow Jinja's precedence: <c>x if c else y</c>, <c>or</c>, <c>and</c>, <c>not</c>, comparisons and
/// <c>in</c>, <c>+ -</c>, <c>~</c>, <c>* / // %</c>, <c>**</c>, unary minus, then literals, names, <c>.attr</c>,
/// <c>[index]</c>, <c>[a:b]</c>, calls, <c>| filter</c> and <c>is test</c>. Macros, includes and call blocks are errors.
/// </summary>
internal sealed class JinjaParser
{
    private readonly List<JinjaSegment> _segments;
    private readonly Func<int, string> _where;
    private int _segment;
    private IReadOnlyList<JinjaToken> _tokens = [];
    private int _token;

    private JinjaParser(List<JinjaSegment> segments, Func<int, string> where)
    {
        _segments = segments;
        _where = where;
    }

    public static Action<JinjaScope, StringBuilder> Compile(string source, Func<int, string> where)
    {
        var parser = new JinjaParser(JinjaLexer.Segments(source, where), where);
        var (body, end) = parser.Block();
        if (end is not null)
        {
            throw new InputException($"{where(parser._segments[parser._segment - 1].Offset)}: '{{% {end} %}}' without an opening tag.");
        }
        return body;
    }

    /// <summary>Statements up to a block tag this level does not handle (returned, with its tokens current), or the end.</summary>
    private (Action<JinjaScope, StringBuilder> Body, string? End) Block()
    {
        var statements = new List<Action<JinjaScope, StringBuilder>>();
        while (_segment < _segments.Count)
        {
            var segment = _segments[_segment++];
            if (segment is { IsOutput: false, IsBlock: false })
            {
                var text = segment.Text;
                if (text.Length > 0)
                {
                    statements.Add((_, output) => output.Append(text));
                }
                continue;
            }
            Start(segment);
            if (segment.IsOutput)
            {
                var value = Guarded(Expression(), segment.Offset);
                ExpectEnd();
                statements.Add((scope, output) => output.Append(JinjaValues.Text(value(scope))));
                continue;
            }
            var keyword = Take();
            switch (keyword.Text)
            {
                case "if":
                    statements.Add(If(segment.Offset));
                    break;
                case "for":
                    statements.Add(For(segment.Offset));
                    break;
                case "set":
                    statements.Add(Set(segment.Offset));
                    break;
                case "generation":
                    ExpectEnd();
                    var (inner, end) = Block();
                    Require(end, "endgeneration", segment.Offset);
                    statements.Add(inner);
                    break;
                case "elif" or "else" or "endif" or "endfor" or "endgeneration":
                    return (Sequence(statements), keyword.Text);
                default:
                    throw new InputException($"{_where(keyword.Offset)}: the tag '{keyword.Text}' is not supported in chat templates here.");
            }
        }
        return (Sequence(statements), null);
    }

    private Action<JinjaScope, StringBuilder> If(int offset)
    {
        var branches = new List<(Func<JinjaScope, object?> Condition, Action<JinjaScope, StringBuilder> Body)>();
        Action<JinjaScope, StringBuilder>? otherwise = null;
        var condition = Guarded(Expression(), offset);
        ExpectEnd();
        while (true)
        {
            var (body, end) = Block();
            if (end == "elif")
            {
                branches.Add((condition, body));
                condition = Guarded(Expression(), _segments[_segment - 1].Offset);
                ExpectEnd();
                continue;
            }
            if (end == "else")
            {
                branches.Add((condition, body));
                ExpectEnd();
                (otherwise, end) = Block();
                Require(end, "endif", offset);
                break;
            }
            Require(end, "endif", offset);
            branches.Add((condition, body));
            break;
        }
        return (scope, output) =>
        {
            foreach (var (test, body) in branches)
            {
                if (JinjaValues.IsTrue(test(scope)))
                {
                    body(scope, output);
                    return;
                }
            }
            otherwise?.Invoke(scope, output);
        };
    }

    private Action<JinjaScope, StringBuilder> For(int offset)
    {
        var names = new List<string> { Name() };
        while (Accept(","))
        {
            names.Add(Name());
        }
        if (!Take().IsName("in"))
        {
            throw new InputException($"{_where(offset)}: expected 'in' in the for tag.");
        }
        var sequence = Guarded(Or(), offset); // Or, not Expression: "x if y" would eat a loop filter
        ExpectEnd();
        var (body, end) = Block();
        Require(end, "endfor", offset);
        return (scope, output) =>
        {
            var items = Run(() => JinjaBuiltins.Items(sequence(scope)).ToList(), offset);
            for (var i = 0; i < items.Count; i++)
            {
                var inner = new JinjaScope(scope);
                Bind(inner, names, items[i], offset);
                inner.Set("loop", new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["index0"] = (long)i,
                    ["index"] = (long)i + 1,
                    ["revindex0"] = (long)(items.Count - i - 1),
                    ["revindex"] = (long)(items.Count - i),
                    ["first"] = i == 0,
                    ["last"] = i == items.Count - 1,
                    ["length"] = (long)items.Count,
                    ["previtem"] = i > 0 ? items[i - 1] : JinjaUndefined.Instance,
                    ["nextitem"] = i + 1 < items.Count ? items[i + 1] : JinjaUndefined.Instance,
                });
                body(inner, output);
            }
        };
    }

    private void Bind(JinjaScope scope, List<string> names, object? item, int offset)
    {
        if (names.Count == 1)
        {
            scope.Set(names[0], item);
            return;
        }
        var parts = Run(() => JinjaBuiltins.Items(item).ToList(), offset);
        if (parts.Count != names.Count)
        {
            throw new InputException($"{_where(offset)}: cannot unpack {parts.Count} values into {names.Count} names.");
        }
        for (var k = 0; k < names.Count; k++)
        {
            scope.Set(names[k], parts[k]);
        }
    }

    private Action<JinjaScope, StringBuilder> Set(int offset)
    {
        var name = Name();
        string? attribute = null;
        if (Accept("."))
        {
            attribute = Name();
        }
        if (!Accept("="))
        {
            throw new InputException($"{_where(offset)}: expected '=' in the set tag (block set is not supported).");
        }
        var value = Guarded(Expression(), offset);
        ExpectEnd();
        if (attribute is null)
        {
            return (scope, _) => scope.Set(name, value(scope));
        }
        return (scope, _) =>
        {
            if (scope.Get(name) is not IDictionary<string, object?> target)
            {
                throw new InputException($"{_where(offset)}: '{name}.{attribute}' can only be set on a namespace().");
            }
            target[attribute] = value(scope);
        };
    }

    private Func<JinjaScope, object?> Expression()
    {
        var value = Or();
        if (!Peek().IsName("if"))
        {
            return value;
        }
        Take();
        var condition = Or();
        Func<JinjaScope, object?> otherwise = _ => JinjaUndefined.Instance;
        if (Peek().IsName("else"))
        {
            Take();
            otherwise = Expression();
        }
        return scope => JinjaValues.IsTrue(condition(scope)) ? value(scope) : otherwise(scope);
    }

    private Func<JinjaScope, object?> Or()
    {
        var left = And();
        while (Peek().IsName("or"))
        {
            Take();
            var (l, r) = (left, And());
            left = scope => l(scope) is var a && JinjaValues.IsTrue(a) ? a : r(scope);
        }
        return left;
    }

    private Func<JinjaScope, object?> And()
    {
        var left = Not();
        while (Peek().IsName("and"))
        {
            Take();
            var (l, r) = (left, Not());
            left = scope => l(scope) is var a && !JinjaValues.IsTrue(a) ? a : r(scope);
        }
        return left;
    }

    private Func<JinjaScope, object?> Not()
    {
        if (Peek().IsName("not"))
        {
            Take();
            var operand = Not();
            return scope => !JinjaValues.IsTrue(operand(scope));
        }
        return Compare();
    }

    private Func<JinjaScope, object?> Compare()
    {
        var left = Additive();
        while (true)
        {
            var token = Peek();
            string? op = token.Kind == JinjaTokenKind.Operator && token.Text is "==" or "!=" or "<" or ">" or "<=" or ">=" ? token.Text : null;
            if (token.IsName("in"))
            {
                op = "in";
            }
            else if (token.IsName("not") && PeekAt(1).IsName("in"))
            {
                Take();
                op = "not in";
            }
            if (op is null)
            {
                return left;
            }
            Take();
            var (l, r) = (left, Additive());
            left = op switch
            {
                "==" => scope => JinjaValues.AreEqual(l(scope), r(scope)),
                "!=" => scope => !JinjaValues.AreEqual(l(scope), r(scope)),
                "in" => scope => JinjaValues.Contains(r(scope), l(scope)),
                "not in" => scope => !JinjaValues.Contains(r(scope), l(scope)),
                "<" => scope => JinjaValues.Compare(l(scope), r(scope)) < 0,
                ">" => scope => JinjaValues.Compare(l(scope), r(scope)) > 0,
                "<=" => scope => JinjaValues.Compare(l(scope), r(scope)) <= 0,
                _ => scope => JinjaValues.Compare(l(scope), r(scope)) >= 0,
            };
        }
    }

    private Func<JinjaScope, object?> Additive() => Binary(Concat, "+", "-");

    private Func<JinjaScope, object?> Concat()
    {
        var left = Multiplicative();
        while (Accept("~"))
        {
            var (l, r) = (left, Multiplicative());
            left = scope => JinjaValues.Text(l(scope)) + JinjaValues.Text(r(scope));
        }
        return left;
    }

    private Func<JinjaScope, object?> Multiplicative() => Binary(Power, "*", "/", "//", "%");

    private Func<JinjaScope, object?> Power() => Binary(Unary, "**");

    private Func<JinjaScope, object?> Binary(Func<Func<JinjaScope, object?>> operand, params string[] ops)
    {
        var left = operand();
        while (Peek() is { Kind: JinjaTokenKind.Operator } token && ops.Contains(token.Text))
        {
            Take();
            var (l, r, op) = (left, operand(), token.Text);
            left = scope => JinjaValues.Arithmetic(op, l(scope), r(scope));
        }
        return left;
    }

    private Func<JinjaScope, object?> Unary()
    {
        if (Accept("-"))
        {
            var operand = Unary();
            return scope => JinjaValues.Arithmetic("-", 0L, operand(scope));
        }
        if (Accept("+"))
        {
            return Unary();
        }
        return Filters(Postfix(Primary()));
    }

    private Func<JinjaScope, object?> Primary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case JinjaTokenKind.String:
                var text = new StringBuilder(token.Text);
                while (Peek().Kind == JinjaTokenKind.String)
                {
                    text.Append(Take().Text); // adjacent literals join, as in Python
                }
                var literal = text.ToString();
                return _ => literal;
            case JinjaTokenKind.Integer:
                var integer = long.Parse(token.Text, CultureInfo.InvariantCulture);
                return _ => integer;
            case JinjaTokenKind.Float:
                var number = double.Parse(token.Text, CultureInfo.InvariantCulture);
                return _ => number;
            case JinjaTokenKind.Name:
                return token.Text switch
                {
                    "true" or "True" => _ => true,
                    "false" or "False" => _ => false,
                    "none" or "None" => _ => null,
                    var name => scope => scope.Get(name),
                };
        }
        if (token.Is("("))
        {
            var inner = Expression();
            Expect(")");
            return inner;
        }
        if (token.Is("["))
        {
            var items = new List<Func<JinjaScope, object?>>();
            while (!Accept("]"))
            {
                items.Add(Expression());
                if (!Accept(","))
                {
                    Expect("]");
                    break;
                }
            }
            return scope => items.Select(i => i(scope)).ToList();
        }
        if (token.Is("{"))
        {
            var entries = new List<(Func<JinjaScope, object?> Key, Func<JinjaScope, object?> Value)>();
            while (!Accept("}"))
            {
                var key = Expression();
                Expect(":");
                entries.Add((key, Expression()));
                if (!Accept(","))
                {
                    Expect("}");
                    break;
                }
            }
            return scope => entries.ToDictionary(e => JinjaValues.Text(e.Key(scope)), e => e.Value(scope), StringComparer.Ordinal);
        }
        throw new InputException($"{_where(token.Offset)}: unexpected '{token.Text}' in an expression.");
    }

    private Func<JinjaScope, object?> Postfix(Func<JinjaScope, object?> target)
    {
        while (true)
        {
            if (Accept("."))
            {
                var name = Name();
                var owner = target;
                if (Peek().Is("("))
                {
                    var (args, _) = Arguments();
                    target = scope => owner(scope) is IDictionary<string, object?> d && d.TryGetValue(name, out var f) && f is JinjaCallable call
                        ? call(Values(args, scope), new Dictionary<string, object?>())
                        : JinjaBuiltins.Method(owner(scope), name, Values(args, scope));
                    continue;
                }
                target = scope => JinjaValues.Item(owner(scope), name);
                continue;
            }
            if (Accept("["))
            {
                var owner = target;
                Func<JinjaScope, object?>? start = Peek().Is(":") ? null : Expression();
                if (Accept(":"))
                {
                    var stop = Peek().Is("]") || Peek().Is(":") ? null : Expression();
                    var step = Accept(":") && !Peek().Is("]") ? Expression() : null;
                    Expect("]");
                    target = scope => JinjaValues.Slice(owner(scope), start?.Invoke(scope), stop?.Invoke(scope), step?.Invoke(scope));
                    continue;
                }
                Expect("]");
                target = scope => JinjaValues.Item(owner(scope), start!(scope));
                continue;
            }
            if (Peek().Is("("))
            {
                var callee = target;
                var offset = Peek().Offset;
                var (args, kwargs) = Arguments();
                target = scope => callee(scope) is JinjaCallable call
                    ? call(Values(args, scope), kwargs.ToDictionary(k => k.Key, k => k.Value(scope), StringComparer.Ordinal))
                    : throw new InputException($"{_where(offset)}: calling something that is not a function (an undefined name?).");
                continue;
            }
            return target;
        }
    }

    private Func<JinjaScope, object?> Filters(Func<JinjaScope, object?> value)
    {
        while (true)
        {
            if (Accept("|"))
            {
                var name = Name();
                var (args, kwargs) = Peek().Is("(") ? Arguments() : ([], []);
                var input = value;
                value = scope => JinjaBuiltins.Filter(name, input(scope), Values(args, scope), kwargs.ToDictionary(k => k.Key, k => k.Value(scope), StringComparer.Ordinal));
                continue;
            }
            if (Peek().IsName("is"))
            {
                Take();
                var negate = Peek().IsName("not") && Take().IsName("not");
                var token = Take();
                var name = token.Kind == JinjaTokenKind.Name ? token.Text : token.Text is "==" or "!=" ? token.Text : throw new InputException($"{_where(token.Offset)}: expected a test name after 'is'.");
                List<Func<JinjaScope, object?>> args = [];
                if (Peek().Is("("))
                {
                    (args, _) = Arguments();
                }
                else if (Peek().Kind is JinjaTokenKind.String or JinjaTokenKind.Integer or JinjaTokenKind.Float)
                {
                    args = [Primary()]; // "is divisibleby 3", "is equalto 'x'"
                }
                var input = value;
                value = scope => JinjaBuiltins.Test(name, input(scope), Values(args, scope)) != negate;
                continue;
            }
            return value;
        }
    }

    private (List<Func<JinjaScope, object?>> Args, Dictionary<string, Func<JinjaScope, object?>> Kwargs) Arguments()
    {
        Expect("(");
        var args = new List<Func<JinjaScope, object?>>();
        var kwargs = new Dictionary<string, Func<JinjaScope, object?>>(StringComparer.Ordinal);
        while (!Accept(")"))
        {
            if (Peek().Kind == JinjaTokenKind.Name && PeekAt(1).Is("="))
            {
                var key = Take().Text;
                Take();
                kwargs[key] = Expression();
            }
            else
            {
                args.Add(Expression());
            }
            if (!Accept(","))
            {
                Expect(")");
                break;
            }
        }
        return (args, kwargs);
    }

    private static List<object?> Values(List<Func<JinjaScope, object?>> args, JinjaScope scope) => args.Select(a => a(scope)).ToList();

    /// <summary>Errors of evaluation (a bad operand, an unsupported filter) name the tag they happened in.</summary>
    private Func<JinjaScope, object?> Guarded(Func<JinjaScope, object?> expression, int offset) => scope => Run(() => expression(scope), offset);

    private T Run<T>(Func<T> action, int offset)
    {
        try
        {
            return action();
        }
        catch (InvalidOperationException ex)
        {
            throw new InputException($"{_where(offset)}: {ex.Message}.");
        }
    }

    private static Action<JinjaScope, StringBuilder> Sequence(List<Action<JinjaScope, StringBuilder>> statements) => (scope, output) =>
    {
        foreach (var statement in statements)
        {
            statement(scope, output);
        }
    };

    private void Require(string? end, string expected, int offset)
    {
        if (end != expected)
        {
            throw new InputException($"{_where(offset)}: this tag is never closed with '{{% {expected} %}}'{(end is null ? "" : $" (found '{end}')")}.");
        }
        ExpectEnd();
    }

    private void Start(JinjaSegment segment)
    {
        _tokens = segment.Tokens;
        _token = 0;
    }

    private JinjaToken Peek() => _tokens[Math.Min(_token, _tokens.Count - 1)];

    private JinjaToken PeekAt(int ahead) => _tokens[Math.Min(_token + ahead, _tokens.Count - 1)];

    private JinjaToken Take()
    {
        var token = Peek();
        if (token.Kind == JinjaTokenKind.End)
        {
            throw new InputException($"{_where(token.Offset)}: the tag ends too early.");
        }
        _token++;
        return token;
    }

    private bool Accept(string op)
    {
        if (!Peek().Is(op))
        {
            return false;
        }
        _token++;
        return true;
    }

    private void Expect(string op)
    {
        if (!Accept(op))
        {
            throw new InputException($"{_where(Peek().Offset)}: expected '{op}', found '{Peek().Text}'.");
        }
    }

    private string Name()
    {
        var token = Take();
        return token.Kind == JinjaTokenKind.Name ? token.Text : throw new InputException($"{_where(token.Offset)}: expected a name, found '{token.Text}'.");
    }

    private void ExpectEnd()
    {
        if (Peek().Kind != JinjaTokenKind.End)
        {
            throw new InputException($"{_where(Peek().Offset)}: unexpected '{Peek().Text}' before the end of the tag.");
        }
    }
}
