namespace SvDecode.Eval.Tokenization.Chat;

/// <summary>One token of a tag; <see cref="Offset"/> is its position in the template, for errors.</summary>
internal readonly record struct JinjaToken(JinjaTokenKind Kind, string Text, int Offset)
{
    public bool Is(string op) => Kind == JinjaTokenKind.Operator && Text == op;

    public bool IsName(string name) => Kind == JinjaTokenKind.Name && Text == name;
}
