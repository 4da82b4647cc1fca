namespace SvDecode.Eval.Tokenization.Chat;

/// <summary>A name or key that does not exist: renders as nothing, is false, and passes <c>is not defined</c>.</summary>
internal sealed class JinjaUndefined
{
    public static readonly JinjaUndefined Instance = new();

    private JinjaUndefined()
    {
    }

    public override string ToString() => "";
}
