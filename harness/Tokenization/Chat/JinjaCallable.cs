namespace SvDecode.Eval.Tokenization.Chat;

/// <summary>A function a template can call (<c>raise_exception</c>, <c>namespace</c>, <c>range</c>): positional and
/// keyword arguments in, a value out.</summary>
internal delegate object? JinjaCallable(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs);
