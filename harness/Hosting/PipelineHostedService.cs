using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Progress;

namespace SvDecode.Eval.Hosting;

/// <summary>
/// The one hosted service of a run: it runs the pipeline, records the outcome and stops the host. Ctrl+C and
/// SIGTERM reach the stages as cancellation through the host's stopping token.
/// </summary>
public sealed class PipelineHostedService(
    RunRequest request,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    RunOutcome outcome,
    IProgressDisplay display,
    ILoggerFactory loggers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger("SvDecode.Eval.Run");
        var runner = new PipelineRunner(services);
        try
        {
            outcome.Results = await display.RunAsync(progress => runner.RunAsync(request, progress, stoppingToken));
            outcome.ExitCode = ExitCodes.Success;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            outcome.Results = runner.LastResults;
            outcome.ExitCode = ExitCodes.Cancelled;
            outcome.Error = "cancelled; finished work is kept: run again (or with --resume) to continue";
        }
        catch (InputException ex)
        {
            outcome.Results = runner.LastResults;
            outcome.ExitCode = ExitCodes.BadInput;
            outcome.Error = ex.Message;
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "The run failed.");
            outcome.Results = runner.LastResults;
            outcome.ExitCode = ExitCodes.RunFailed;
            outcome.Error = $"{ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
