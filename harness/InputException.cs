namespace SvDecode.Eval;

/// <summary>Bad input from the user (a file, a field, a value): the tool exits with code 2 and prints Message.</summary>
public class InputException : Exception
{
    public InputException(string message) : base(message) { }
    public InputException(string message, Exception inner) : base(message, inner) { }
}
