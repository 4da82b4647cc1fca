using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>
/// One short line per message for CI logs and terminals: "12:01:02 message", with the level named only for
/// warnings and errors. The default formatter's "info: Category[0]" prefix is noise to a user.
/// </summary>
internal sealed class PlainConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "svdecode-plain";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var level = logEntry.LogLevel switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error or LogLevel.Critical => "error: ",
            LogLevel.Debug or LogLevel.Trace => "debug: ",
            _ => "",
        };
        textWriter.Write($"{DateTime.Now:HH:mm:ss} {level}{message}\n");
        if (logEntry.Exception is { } exception && logEntry.LogLevel >= LogLevel.Debug)
        {
            textWriter.Write(exception.ToString());
            textWriter.Write('\n');
        }
    }
}
