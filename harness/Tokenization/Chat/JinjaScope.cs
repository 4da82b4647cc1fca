namespace SvDecode.Eval.Tokenization.Chat;

/// <summary>Variables, innermost first. A <c>for</c> body gets its own scope, so a <c>set</c> inside a loop does not
/// leak out of it (Jinja's rule, the reason templates use <c>namespace()</c>).</summary>
internal sealed class JinjaScope(JinjaScope? parent)
{
    private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);

    public object? Get(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._variables.TryGetValue(name, out var value))
            {
                return value;
            }
        }
        return JinjaUndefined.Instance;
    }

    public void Set(string name, object? value) => _variables[name] = value;

    public JinjaScope? Parent { get; } = parent;
}
