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
