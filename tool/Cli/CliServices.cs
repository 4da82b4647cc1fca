using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Tool.Bench;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>Builds the services and the host the commands share.</summary>
internal static class CliServices
{
    /// <summary>Registrations without a host, for commands that only look things up (validate, list).</summary>
    public static ServiceProvider Catalog()
    {
        var services = new ServiceCollection();
        Register(services);
        return services.BuildServiceProvider();
    }

    public static IHost BuildHost(Action<IServiceCollection> configure, bool verbose)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Services.Configure<HostOptions>(options =>
        {
            // Ctrl+C: the run flushes what is done and exits 130 within a few seconds.
            options.ShutdownTimeout = TimeSpan.FromSeconds(4);
            options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        builder.Services.AddSingleton<IHostLifetime, QuietConsoleLifetime>();
        ConfigureLogging(builder.Logging, verbose);
        Register(builder.Services);
        configure(builder.Services);
        return builder.Build();
    }

    private static void Register(IServiceCollection services)
    {
        services.AddSvDecodeHarness();
        services.AddSvDecodeBenchmarks();
        services.AddSpeedBench();
    }

    /// <summary>Quiet by default (progress and warnings), everything of ours with -v; always on stderr.</summary>
    private static void ConfigureLogging(ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        logging.AddConsole(options =>
        {
            options.FormatterName = PlainConsoleFormatter.FormatterName;
            options.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        logging.AddConsoleFormatter<PlainConsoleFormatter, ConsoleFormatterOptions>();
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("SvDecode", verbose ? LogLevel.Debug : LogLevel.Warning);
        logging.AddFilter("SvDecode.Eval.Progress", LogLevel.Information);
    }
}
