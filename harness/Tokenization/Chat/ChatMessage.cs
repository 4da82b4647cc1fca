namespace SvDecode.Eval.Tokenization.Chat;

/// <summary>One turn of a conversation ("system", "user" or "assistant") as chat templates receive it.</summary>
public sealed record ChatMessage(string Role, string Content);
