using SvDecode.Eval.Engine;

namespace SvDecode.Eval.Tests.Stages;

/// <summary>Stands in for the PEFT issue's warm-start stage: copies a fixed adapter into the artifact's adapter/.</summary>
internal sealed class CopyAdapterWarmStartStage(string adapterDirectory) : IPipelineStage
{
    public string Name => "warmstart";

    public string Description => "test: copies a fixed adapter";

    public int Order => 20;

    public int Version => 1;

    public object Fingerprint(StageContext context) => new { adapterDirectory, context.Cell.Peft };

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        foreach (var file in Directory.GetFiles(adapterDirectory))
        {
            File.Copy(file, context.Output!.PathOf(Path.Combine("adapter", Path.GetFileName(file))));
        }
        return Task.CompletedTask;
    }
}
