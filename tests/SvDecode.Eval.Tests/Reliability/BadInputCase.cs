namespace SvDecode.Eval.Tests.Reliability;

/// <summary>
/// One entry of the bad-input catalogue: how to build the bad input in a fresh folder, and the command line that
/// must fail on it with exit code 2 and a message naming <see cref="Names"/> (a file, and a field or line).
/// </summary>
public sealed record BadInputCase(string Name, Func<string, string[]> Arrange, string[] Names)
{
    public override string ToString() => Name;
}
