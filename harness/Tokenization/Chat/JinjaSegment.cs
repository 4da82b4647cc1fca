namespace SvDecode.Eval.Tokenization.Chat;

/// <summary>A piece of a template: literal text (<see cref="Tokens"/> empty), an output tag <c>{{ }}</c> or a block
/// tag <c>{% %}</c> (<see cref="IsBlock"/>), after whitespace control.</summary>
internal sealed record JinjaSegment(string Text, bool IsOutput, bool IsBlock, IReadOnlyList<JinjaToken> Tokens, int Offset);
