using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Pipeline;

/// <summary>The matrix axes: peft none, seeds, α and strength sweeps, existing adapters — how they bind, expand into
/// cells, name them and give each cell its own settings.</summary>
public sealed class MatrixTests
{
    internal static (PipelineDocument? Document, IReadOnlyList<Diagnostic> Diagnostics) Validate(string matrix, string extra = "")
    {
        using var dir = new TempDirectory();
        dir.File("items.jsonl", "{}\n");
        var path = dir.File("p.yaml", $"""
            name: m
            model:
              path: {TestPipelines.ReferenceModel}
            benchmarks:
              - name: jsonl
                data: items.jsonl
            matrix:
            {matrix}
            {extra}
            """);
        return PipelineLoader.Validate(path, [], TestPipelines.Catalog);
    }

    internal static PipelineSpec Spec(string matrix, string extra = "")
    {
        var (document, diagnostics) = Validate(matrix, extra);
        Assert.Empty(diagnostics);
        return document!.Spec;
    }

    [Fact]
    public void WithoutSweepAxesTheCellsAndIdsAreThoseOfBefore()
    {
        var cells = MatrixCell.Expand(Spec("  peft: [lora, ia3]"));
        Assert.Equal(["lora", "lora+svdecode", "ia3", "ia3+svdecode"], cells.Select(c => c.Id));
        Assert.All(cells, c => Assert.True(c.Seed is null && c.Alpha is null && c.Strength is null));
    }

    [Fact]
    public void EverySweepAxisMultipliesTheSteeredCellsOnlyAndSeedsEveryAdapter()
    {
        var spec = Spec("""
              peft: [none, lora]
              steering: [off, on]
              seeds: [3, 4]
              steering_alpha: [0.05, 0.2]
              strength: [median, -1.5]
            """);
        var ids = MatrixCell.Expand(spec).Select(c => c.Id).ToList();
        Assert.Equal(
        [
            "none",
            "lora[seed=3]",
            "lora+svdecode[alpha=0.05,mu=median,seed=3]", "lora+svdecode[alpha=0.05,mu=-1.5,seed=3]",
            "lora+svdecode[alpha=0.2,mu=median,seed=3]", "lora+svdecode[alpha=0.2,mu=-1.5,seed=3]",
            "lora[seed=4]",
            "lora+svdecode[alpha=0.05,mu=median,seed=4]", "lora+svdecode[alpha=0.05,mu=-1.5,seed=4]",
            "lora+svdecode[alpha=0.2,mu=median,seed=4]", "lora+svdecode[alpha=0.2,mu=-1.5,seed=4]",
        ], ids);
    }

    [Fact]
    public void EachCellGetsItsOwnSettingsAndTheRestStayThePipelines()
    {
        var spec = Spec("""
              steering: [on]
              seeds: [7]
              steering_alpha: [0.3]
              strength: [2.5]
            """, """
            steering:
              alpha: 0.1
              projection: false
            strength:
              aggregate: median
              trim_tau: 0.25
            """);
        var cell = Assert.Single(MatrixCell.Expand(spec));
        Assert.Equal(7, cell.SeedOf(spec));
        Assert.Equal(0.3, cell.SteeringOf(spec).Alpha);
        Assert.False(cell.SteeringOf(spec).Projection);
        Assert.Equal(StrengthAggregateKind.Fixed, cell.StrengthOf(spec).Aggregate);
        Assert.Equal(2.5, cell.StrengthOf(spec).Fixed);
        Assert.Equal(0.25, cell.StrengthOf(spec).TrimTau);
        var plain = new MatrixCell(MatrixPeft.Lora, SteeringSwitch.On);
        Assert.Equal(1234, plain.SeedOf(spec));
        Assert.Equal(0.1, plain.SteeringOf(spec).Alpha);
        Assert.Equal(StrengthAggregateKind.Median, plain.StrengthOf(spec).Aggregate);
    }

    [Fact]
    public void AnIdReadsBackAsItsCell()
    {
        var spec = Spec("""
              peft: [none, lora, prefix_tuning]
              seeds: [0, 12]
              steering_alpha: [0.1, 0.25]
              strength: [mean, trimmed, ratio, 0.5, -3]
            """);
        foreach (var cell in MatrixCell.Expand(spec))
        {
            Assert.Equal(cell, MatrixCell.Parse(cell.Id));
        }
        Assert.Null(MatrixCell.Parse("dora+svdecode"));
        Assert.Null(MatrixCell.Parse("lora[seed=x]"));
        Assert.Null(MatrixCell.Parse("lora[colour=red]"));
        Assert.Null(MatrixCell.Parse("lora[seed=1"));
    }

    [Fact]
    public void ASteeredCellIsPairedWithTheSameAdapterUnsteered()
    {
        var steered = MatrixCell.Parse("ia3+svdecode[alpha=0.2,mu=median,seed=5]")!;
        Assert.Equal("ia3[seed=5]", steered.Unsteered().Id);
    }

    [Fact]
    public void PeftNoneIsOneUnsteeredCellWhateverTheSeedsAndSteering()
    {
        var spec = Spec("""
              peft: [none]
              steering: [off, on]
              seeds: [1, 2, 3]
            """);
        Assert.Equal(["none"], MatrixCell.Expand(spec).Select(c => c.Id));
        Assert.Contains(MatrixNotes.Of(spec), n => n.Contains("peft none is scored without steering only", StringComparison.Ordinal));
    }

    [Fact]
    public void AnExistingAdapterIsEvaluatedOnceWhateverTheSeeds()
    {
        var spec = Spec("""
              peft: [lora, ia3]
              steering: [off]
              seeds: [1, 2]
            """, $"""
            warmstart:
              adapter:
                ia3: {ReferenceAdapter("ref-llama-ia3")}
            """);
        Assert.Equal(["lora[seed=1]", "lora[seed=2]", "ia3"], MatrixCell.Expand(spec).Select(c => c.Id));
        Assert.Contains(MatrixNotes.Of(spec), n => n.Contains("matrix.seeds does not apply to ia3", StringComparison.Ordinal));
    }

    private static string ReferenceAdapter(string name) => Path.Combine(SharedFiles.RepositoryRoot, "tests", "fixtures", "reference", "adapters", name);

    [Fact]
    public void AnAdapterOfAnotherMethodIsReported()
    {
        var (_, diagnostics) = Validate("  peft: [lora]", $"""
            warmstart:
              adapter:
                lora: {ReferenceAdapter("ref-llama-ia3")}
            """);
        Assert.Contains(diagnostics, d => d.Message.Contains("warmstart.adapter.lora:", StringComparison.Ordinal) && d.Message.Contains("holds a ia3 adapter", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("  seeds: []", "matrix.seeds: an empty list of seeds gives no cell")]
    [InlineData("  seeds: [1, 1]", "matrix.seeds: a seed is listed twice")]
    [InlineData("  seeds: [-1]", "matrix.seeds[0]: -1 is out of range")]
    [InlineData("  steering_alpha: [0.1, 1.5]", "matrix.steering_alpha[1]: 1.5 is out of range: allowed [0, 1]")]
    [InlineData("  strength: [mean, fixed]", "matrix.strength[1]: 'fixed' is not an aggregate (mean, median, trimmed, ratio) or a fixed strength mu (a number)")]
    [InlineData("  strength: [0.5, 0.5]", "matrix.strength: a strength is listed twice")]
    [InlineData("  peft: [none, nope]", "matrix.peft[1]: 'nope' is not allowed.")]
    public void BadAxesAreReportedAtTheirField(string matrix, string message)
    {
        var (_, diagnostics) = Validate(matrix);
        Assert.Contains(diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void AnAdapterForAnUnknownMethodOrAMissingFolderIsReported()
    {
        var (_, diagnostics) = Validate("  peft: [lora]", """
            warmstart:
              adapter:
                dora: somewhere
                lora: no-such-folder
            """);
        Assert.Contains(diagnostics, d => d.Message.Contains("warmstart.adapter.dora: 'dora' is not a PEFT method.", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Message.Contains("warmstart.adapter.lora: PEFT adapter folder not found", StringComparison.Ordinal));
    }
}
