using SvDecode.Eval.Engine;
using SvDecode.Eval.Stages;

namespace SvDecode.Eval.Tests.Stages;

/// <summary>Stands in for the warm-start stage: copies a fixed adapter into the artifact's adapter folder.</summary>
internal sealed class CopyAdapterWarmStartStage(string adapterDirectory) : IPipelineStage
{
    public string Name => StageOutputs.Adapter.Stage;

    public string Description => "test: copies a fixed adapter";

    public int Order => 20;

    public int Version => 1;

    public IReadOnlyList<StageOutput> Reads => [];

    public object Fingerprint(StageContext context) => new { adapterDirectory, context.Cell.Peft };

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        foreach (var file in Directory.GetFiles(adapterDirectory))
        {
            File.Copy(file, context.Output!.PathOf(Path.Combine(StageOutputs.Adapter.FileName, Path.GetFileName(file))));
        }
        return Task.CompletedTask;
    }
}
