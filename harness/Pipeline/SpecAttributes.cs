namespace SvDecode.Eval.Pipeline;

/// <summary>Overrides the YAML name of a property or enum member (default: snake_case of the C# name).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SpecNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>One line of documentation for a field; docs/pipeline.md and error messages use it.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SpecDocAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}

/// <summary>A configuration record that checks rules spanning several fields after binding.</summary>
public interface ISelfValidating
{
    void Validate(SpecValidationContext context);
}

/// <summary>
/// A configuration value written as one YAML scalar with its own syntax (e.g. a strength that is an aggregate name or
/// a number). The binder calls <see cref="TryParse"/> and reports <see cref="Expected"/> when it fails.
/// </summary>
public interface ISpecScalar<TSelf> where TSelf : ISpecScalar<TSelf>
{
    static abstract TSelf? TryParse(string text);

    static abstract string Expected { get; }
}
