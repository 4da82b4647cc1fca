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
    public void BudgetsAndSeedsMultiplyTheWarmStartsAndMaskModesTheMaskedMethodsOnly()
    {
        var spec = Spec("""
              peft: [none, lora]
              decoding: [off, svdecode, contrastive, extrapolation]
              warmstart_epochs: [0.25, 2]
              seeds: [1, 2]
              scoring_mask: [hard, soft]
            """);
        var ids = MatrixCell.Expand(spec).Select(c => c.Id).ToList();
        Assert.Equal("none", ids[0]); // the pre-trained model is not warm-started: one cell, the curve's baseline
        string[] first =
        [
            "lora[epochs=0.25,seed=1]",
            "lora+svdecode[epochs=0.25,mask=hard,seed=1]", "lora+svdecode[epochs=0.25,mask=soft,seed=1]",
            "lora+contrastive[epochs=0.25,seed=1]",        // always a hard mask: no mask axis
            "lora+extrapolation[epochs=0.25,mask=hard,seed=1]", "lora+extrapolation[epochs=0.25,mask=soft,seed=1]",
        ];
        Assert.Equal(first, ids.Skip(1).Take(6));
        Assert.Equal(1 + 4 * 6, ids.Count); // two budgets × two seeds, six cells each
        Assert.Equal(["lora[epochs=0.25,seed=1]", "lora[epochs=0.25,seed=2]", "lora[epochs=2,seed=1]", "lora[epochs=2,seed=2]"], ids.Where(i => i.StartsWith("lora[", StringComparison.Ordinal)));
        Assert.Contains(MatrixNotes.Of(spec), n => n.Contains("matrix.warmstart_epochs does not apply to peft none", StringComparison.Ordinal));
        Assert.Contains(MatrixNotes.Of(spec), n => n.Contains("matrix.scoring_mask does not apply to contrastive decoding", StringComparison.Ordinal));
    }

    [Fact]
    public void ABudgetAndAMaskAreTheCellsOwnAndTheRestStayThePipelines()
    {
        var spec = Spec("""
              warmstart_epochs: [0.05]
              scoring_mask: [hard]
            """, """
            warmstart:
              epochs: 3
              warmup_ratio: 0.1
            steering:
              alpha: 0.2
              scoring_mask: soft
              generation_mask: soft
            """);
        var (plain, steered) = (MatrixCell.Expand(spec)[0], MatrixCell.Expand(spec)[1]);
        Assert.Equal(("lora[epochs=0.05]", "lora+svdecode[epochs=0.05,mask=hard]"), (plain.Id, steered.Id));
        Assert.Equal(0.05, steered.WarmstartOf(spec).Epochs);
        Assert.Equal(0.1, steered.WarmstartOf(spec).WarmupRatio);
        Assert.Equal(0.05, steered.WarmstartOf(spec).ToTrainingOptions(1).Epochs);
        Assert.Equal(MaskMode.Hard, steered.SteeringOf(spec).ScoringMask);
        Assert.Equal(MaskMode.Soft, steered.SteeringOf(spec).GenerationMask); // the axis is the scoring mask only
        Assert.Equal(0.2, steered.SteeringOf(spec).Alpha);
        Assert.Equal(plain, steered.Unsteered());                             // paired with the same budget's adapter
        var unswept = new MatrixCell(MatrixPeft.Lora, MatrixDecoding.SvDecode);
        Assert.Equal(3, unswept.WarmstartOf(spec).Epochs);
        Assert.Equal(MaskMode.Soft, unswept.SteeringOf(spec).ScoringMask);
    }

    [Fact]
    public void AWarmStartEpochsFractionBindsAndWholeEpochsKeepTheirTrainingOptions()
    {
        var spec = Spec("  peft: [lora]", "warmstart:\n  epochs: 0.5");
        Assert.Equal(0.5, spec.Warmstart.Epochs);
        // The warm-start artifact key hashes these options: one epoch must serialise as it did when epochs was an integer.
        var whole = System.Text.Json.JsonSerializer.Serialize(new WarmStartSettings().ToTrainingOptions(1), SvDecode.Eval.Json.Canonical);
        Assert.Contains("\"epochs\":1,", whole, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxStepsWithABudgetAxisIsReportedAtTheAxisNamingBothFields()
    {
        var (document, diagnostics) = Validate("""
              peft: [lora]
              warmstart_epochs: [0.5, 1]
            """, """
            warmstart:
              max_steps: 10
            """);
        Assert.Null(document);
        var error = Assert.Single(diagnostics);
        Assert.StartsWith("matrix.warmstart_epochs: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("warmstart.max_steps", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("p.yaml", error.Mark.Source, StringComparison.Ordinal);
        Assert.Equal(9, error.Mark.Line); // the line of warmstart_epochs in the file Validate writes
    }

    [Fact]
    public void AnIdReadsBackAsItsCell()
    {
        var spec = Spec("""
              peft: [none, lora, prefix_tuning]
              seeds: [0, 12]
              steering_alpha: [0.1, 0.25]
              strength: [mean, trimmed, ratio, 0.5, -3]
              warmstart_epochs: [0.05, 1, 2.5]
              scoring_mask: [hard, soft, none]
              decoding: [off, svdecode, contrastive, extrapolation]
            """);
        foreach (var cell in MatrixCell.Expand(spec))
        {
            Assert.Equal(cell, MatrixCell.Parse(cell.Id));
        }
        Assert.Null(MatrixCell.Parse("dora+svdecode"));
        Assert.Null(MatrixCell.Parse("lora[seed=x]"));
        Assert.Null(MatrixCell.Parse("lora[colour=red]"));
        Assert.Null(MatrixCell.Parse("lora[seed=1"));
        Assert.Null(MatrixCell.Parse("lora+svdecode[mask=firm]"));
        Assert.Null(MatrixCell.Parse("lora[epochs=a]"));
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

    [Theory]
    [InlineData("seeds: [1, 2]", "seed=1", "seed=2", "matrix.seeds")]
    [InlineData("warmstart_epochs: [0.5, 1]", "epochs=0.5", "epochs=1", "matrix.warmstart_epochs")]
    public void AnExistingAdapterIsEvaluatedOnceWhateverTheSeedsOrBudgets(string axis, string first, string second, string field)
    {
        var spec = Spec($"""
              peft: [lora, ia3]
              steering: [off]
              {axis}
            """, $"""
            warmstart:
              adapter:
                ia3: {ReferenceAdapter("ref-llama-ia3")}
            """);
        Assert.Equal([$"lora[{first}]", $"lora[{second}]", "ia3"], MatrixCell.Expand(spec).Select(c => c.Id));
        Assert.Contains(MatrixNotes.Of(spec), n => n.Contains($"{field} does not apply to ia3", StringComparison.Ordinal));
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
    [InlineData("  warmstart_epochs: []", "matrix.warmstart_epochs: an empty warmstart_epochs list gives no cell")]
    [InlineData("  warmstart_epochs: [0.5, 0.5]", "matrix.warmstart_epochs: a budget is listed twice")]
    [InlineData("  warmstart_epochs: [0.5, 0]", "matrix.warmstart_epochs[1]: 0 is out of range: allowed (0, 1000]")]
    [InlineData("  warmstart_epochs: [-0.25]", "matrix.warmstart_epochs[0]: -0.25 is out of range")]
    [InlineData("  warmstart_epochs: [a quarter]", "matrix.warmstart_epochs[0]:")]
    [InlineData("  scoring_mask: []", "matrix.scoring_mask: an empty scoring_mask list gives no steered cell")]
    [InlineData("  scoring_mask: [hard, hard]", "matrix.scoring_mask: a mask mode is listed twice")]
    [InlineData("  scoring_mask: [hard, sotf]", "matrix.scoring_mask[1]: 'sotf' is not allowed.")]
    public void BadAxesAreReportedAtTheirField(string matrix, string message)
    {
        var (_, diagnostics) = Validate(matrix);
        var error = Assert.Single(diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(8, error.Mark.Line); // the axis's own line in the file Validate writes
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
