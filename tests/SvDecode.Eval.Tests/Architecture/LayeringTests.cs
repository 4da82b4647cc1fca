using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Xunit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace SvDecode.Eval.Tests.Architecture;

/// <summary>
/// The layers of docs/architecture.md, read top-down: tool → hosting → engine and stages → pipeline specification →
/// domain. A layer may use the ones below it, never one above: the domain (models, PEFT, steering, decoding, scoring,
/// metrics, data, tokenization, training) does not know that pipelines, stages or a tool exist, so it can be reused and
/// tested on its own. These rules run over the compiled assemblies, so a new back-edge fails CI.
/// </summary>
public sealed class LayeringTests
{
    private static readonly ArchUnitNET.Domain.Architecture Assemblies = new ArchLoader().LoadAssemblies(
        typeof(SvDecode.Eval.InputException).Assembly,                        // the harness library
        typeof(SvDecode.Eval.Benchmarks.MetricNames).Assembly,                 // the benchmark definitions
        typeof(SvDecode.Eval.Tool.Cli.CliApp).Assembly).Build();               // the tool

    /// <summary>Namespaces (regular expressions over SvDecode.Eval.*) of each layer.</summary>
    private const string Tool = @"^SvDecode\.Eval\.Tool(\.|$)";
    private const string Hosting = @"^SvDecode\.Eval\.Hosting(\.|$)";
    private const string EngineAndStages = @"^SvDecode\.Eval\.(Engine|Stages|Results|Sharding|Judging|Comparison)(\.|$)";
    private const string Specification = @"^SvDecode\.Eval\.Pipeline(\.|$)";
    private const string Domain =
        @"^SvDecode\.Eval(\.(Models|Peft|Steering|Decoding|Scoring|Metrics|Data|Tokenization|Training|Calibration|Platform|LibTorch|Progress|Benchmarks)(\.|$)|$)";

    public static TheoryData<string, string, string> LayersAndWhatIsAboveThem => new()
    {
        { "domain", Domain, $"{Specification}|{EngineAndStages}|{Hosting}|{Tool}" },
        { "pipeline specification", Specification, $"{EngineAndStages}|{Hosting}|{Tool}" },
        { "engine and stages", EngineAndStages, $"{Hosting}|{Tool}" },
        { "hosting", Hosting, Tool },
    };

    [Theory]
    [MemberData(nameof(LayersAndWhatIsAboveThem))]
    public void NoLayerDependsOnALayerAboveIt(string layer, string namespaces, string above)
    {
        IArchRule rule = Types().That().ResideInNamespaceMatching(namespaces)
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(above)
            .Because($"the {layer} layer must not know the layers above it (docs/architecture.md)");
        rule.Check(Assemblies);
    }

    /// <summary>No two namespaces know each other, directly or around a loop, in any layer: inside the engine layer
    /// that reads Stages → Engine → Sharding → Results, with Judging and Comparison on Results.</summary>
    [Fact]
    public void NoNamespacesDependOnEachOtherInACycle()
    {
        var cycle = NamespaceGraph.FindCycle(Types().That().ResideInNamespaceMatching(@"^SvDecode\.Eval(\.|$)").GetObjects(Assemblies));
        Assert.True(cycle is null, $"namespaces depend on each other in a cycle: {string.Join(" → ", cycle ?? [])}");
    }

    /// <summary>The cycle finder finds cycles: the engine still depends on Results, so Results → Engine would be one.</summary>
    [Fact]
    public void TheCycleFinderSeesTheEnginesUseOfResults()
    {
        var edges = NamespaceGraph.Edges(Types().That().ResideInNamespaceMatching(EngineAndStages).GetObjects(Assemblies));
        Assert.Contains("SvDecode.Eval.Results", edges["SvDecode.Eval.Engine"]);
        Assert.DoesNotContain("SvDecode.Eval.Engine", edges["SvDecode.Eval.Results"]);
    }

    /// <summary>The rules see the code: the layer patterns match types, so an empty pattern cannot pass by matching nothing.</summary>
    [Theory]
    [InlineData(Tool)]
    [InlineData(Hosting)]
    [InlineData(EngineAndStages)]
    [InlineData(Specification)]
    [InlineData(Domain)]
    public void EveryLayerHasTypes(string namespaces) =>
        Assert.NotEmpty(Types().That().ResideInNamespaceMatching(namespaces).GetObjects(Assemblies));
}
