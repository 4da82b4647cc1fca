using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using SvDecode.Eval.Engine;
using Xunit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace SvDecode.Eval.Tests.Architecture;

/// <summary>
/// Stages receive what they use and what earlier stages wrote (docs/architecture.md, "Stages"): no stage locates
/// services, and no stage knows another stage's class — what they share is declared in StageOutputs.
/// </summary>
public sealed class StageRulesTests
{
    private static readonly ArchUnitNET.Domain.Architecture Harness =
        new ArchLoader().LoadAssemblies(typeof(IPipelineStage).Assembly).Build();

    private static IObjectProvider<IType> Stages => Types().That().ImplementInterface(typeof(IPipelineStage)).As("the pipeline stages");

    [Fact]
    public void NoStageLocatesServices()
    {
        // Predicates on the dependencies themselves: IServiceProvider and the DI extensions live outside the loaded assembly.
        IArchRule provider = Types().That().ResideInNamespace("SvDecode.Eval.Stages")
            .Should().NotDependOnAnyTypesThat().HaveFullName("System.IServiceProvider")
            .Because("a stage takes its dependencies in its constructor");
        IArchRule extensions = Types().That().ResideInNamespace("SvDecode.Eval.Stages")
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(@"^Microsoft\.Extensions\.DependencyInjection")
            .Because("a stage takes its dependencies in its constructor");
        provider.Check(Harness);
        extensions.Check(Harness);
    }

    [Fact]
    public void NoStageKnowsAnotherStage()
    {
        foreach (var stage in Stages.GetObjects(Harness))
        {
            IArchRule rule = Types().That().Are(stage)
                .Should().NotDependOnAny(Types().That().ImplementInterface(typeof(IPipelineStage)).And().AreNot(stage))
                .Because("stages share only the outputs declared in StageOutputs");
            rule.Check(Harness);
        }
    }

    [Fact]
    public void TheRulesSeeTheFourStages() =>
        Assert.Equal(["DatasetStage", "ScoreStage", "StrengthStage", "WarmStartStage"], Stages.GetObjects(Harness).Select(t => t.Name).Order(StringComparer.Ordinal));
}
