namespace SvDecode.Eval.Tokenization.Chat;

/// <summary>What a token inside <c>{{ }}</c> or <c>{% %}</c> is.</summary>
internal enum JinjaTokenKind
{
    Name,
    String,
    Integer,
    Float,
    Operator,
    End,
}
