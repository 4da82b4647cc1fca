using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Pipeline;

/// <summary>matrix.decoding (and matrix.steering, its older spelling), and the settings of each decoding method: how
/// they bind, expand into cells, name them and are refused at their field.</summary>
public sealed class DecodingAxisTests
{
    [Fact]
    public void EveryMethodIsACellPairedWithThePlainAdapter()
    {
        var cells = MatrixCell.Expand(MatrixTests.Spec("""
              peft: [none, lora]
              decoding: [off, svdecode, contrastive, extrapolation]
            """));
        Assert.Equal(["none", "lora", "lora+svdecode", "lora+contrastive", "lora+extrapolation"], cells.Select(c => c.Id));
        Assert.All(cells.Skip(1), c => Assert.Equal("lora", c.Unsteered().Id));
        Assert.Equal([MatrixDecoding.Off, MatrixDecoding.Off, MatrixDecoding.SvDecode, MatrixDecoding.Contrastive, MatrixDecoding.Extrapolation], cells.Select(c => c.Decoding));
        Assert.Equal([SteeringSwitch.Off, SteeringSwitch.Off, SteeringSwitch.On, SteeringSwitch.On, SteeringSwitch.On], cells.Select(c => c.Steering));
    }

    [Fact]
    public void TheOlderSpellingGivesTheSameCellsAsDecodingOffAndSvdecode()
    {
        var older = MatrixCell.Expand(MatrixTests.Spec("  steering: [off, on]"));
        var newer = MatrixCell.Expand(MatrixTests.Spec("  decoding: [off, svdecode]"));
        var neither = MatrixCell.Expand(MatrixTests.Spec("  peft: [lora]"));
        Assert.Equal(["lora", "lora+svdecode"], older.Select(c => c.Id));
        Assert.Equal(older, newer);
        Assert.Equal(older, neither);
        Assert.Equal(["lora+svdecode"], MatrixCell.Expand(MatrixTests.Spec("  steering: [on]")).Select(c => c.Id));
    }

    [Fact]
    public void BothSpellingsAtOnceAreAnErrorNamingBoth()
    {
        var (document, diagnostics) = MatrixTests.Validate("""
              steering: [off, on]
              decoding: [off, contrastive]
            """);
        Assert.Null(document);
        var error = Assert.Single(diagnostics, d => d.Message.Contains("matrix.decoding", StringComparison.Ordinal));
        Assert.Contains("matrix.steering", error.Message, StringComparison.Ordinal);
        Assert.Contains("give one of them", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileInTheOlderSpellingTakesMethodsFromTheCommandLineOnceItsSteeringIsDropped()
    {
        var quickstart = Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "quickstart.yaml");
        var (refused, diagnostics) = PipelineLoader.Validate(quickstart, ["matrix.decoding=[off, contrastive]"], TestPipelines.Catalog);
        Assert.Null(refused);
        Assert.Contains(diagnostics, d => d.Message.Contains("--set matrix.steering=null", StringComparison.Ordinal));
        var (document, none) = PipelineLoader.Validate(quickstart, ["matrix.decoding=[off, contrastive]", "matrix.steering=null"], TestPipelines.Catalog);
        Assert.Empty(none);
        Assert.Equal(["none", "lora", "lora+contrastive"], MatrixCell.Expand(document!.Spec).Take(3).Select(c => c.Id));
    }

    [Theory]
    [InlineData("  decoding: [off, tad]", "matrix.decoding[1]: 'tad' is not allowed.")]
    [InlineData("  decoding: [off, contrastiv]", "Did you mean 'contrastive'?")]
    [InlineData("  decoding: []", "matrix.decoding: at least one decoding method")]
    [InlineData("  decoding: [svdecode, svdecode]", "matrix.decoding: a decoding method is listed twice")]
    public void BadMethodsAreReportedAtTheirField(string matrix, string message)
    {
        var (_, diagnostics) = MatrixTests.Validate(matrix);
        Assert.Contains(diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void TheMaskSweepReachesEveryMethodAndTheStrengthSweepOnlySvdecode()
    {
        var spec = MatrixTests.Spec("""
              decoding: [off, svdecode, contrastive, extrapolation]
              steering_alpha: [0.05, 0.2]
              strength: [median, 0.5]
            """);
        Assert.Equal(
        [
            "lora",
            "lora+svdecode[alpha=0.05,mu=median]", "lora+svdecode[alpha=0.05,mu=0.5]", "lora+svdecode[alpha=0.2,mu=median]", "lora+svdecode[alpha=0.2,mu=0.5]",
            "lora+contrastive[alpha=0.05]", "lora+contrastive[alpha=0.2]",
            "lora+extrapolation[alpha=0.05]", "lora+extrapolation[alpha=0.2]",
        ], MatrixCell.Expand(spec).Select(c => c.Id));
        foreach (var cell in MatrixCell.Expand(spec))
        {
            Assert.Equal(cell, MatrixCell.Parse(cell.Id));
        }
        Assert.Null(MatrixCell.Parse("lora+tad"));
        Assert.Null(MatrixCell.Parse("lora+"));
    }

    [Fact]
    public void AStrengthSweepWithoutSvdecodeIsNoted()
    {
        var spec = MatrixTests.Spec("""
              decoding: [off, extrapolation]
              strength: [median]
            """);
        Assert.Contains(MatrixNotes.Of(spec), n => n.Contains("extrapolation.lambda", StringComparison.Ordinal));
        Assert.Equal(["lora", "lora+extrapolation"], MatrixCell.Expand(spec).Select(c => c.Id));
    }

    [Fact]
    public void MethodSettingsBindWithTheirDefaults()
    {
        var defaults = MatrixTests.Spec("  decoding: [contrastive, extrapolation]");
        Assert.Equal(1.0, defaults.Contrastive.Beta);
        Assert.Equal(new StrengthChoice(StrengthAggregateKind.Mean, null), defaults.Extrapolation.Lambda);

        var set = MatrixTests.Spec("  decoding: [contrastive, extrapolation]", """
            contrastive:
              beta: 0.5
            extrapolation:
              lambda: median
            """);
        Assert.Equal(0.5, set.Contrastive.Beta);
        Assert.Equal(StrengthAggregateKind.Median, set.Extrapolation.Lambda.Aggregate);
        var aggregates = new StrengthAggregateValues(Mean: 1, Median: 2, Trimmed: 3, TrimTau: 0, TrimmedCount: 1, Ratio: 4);
        Assert.Equal(2, set.Extrapolation.LambdaOf(aggregates));

        var fixedLambda = MatrixTests.Spec("  decoding: [extrapolation]", """
            extrapolation:
              lambda: -0.25
            """);
        Assert.Equal(-0.25, fixedLambda.Extrapolation.LambdaOf(aggregates));
    }

    [Theory]
    [InlineData("extrapolation:\n  lambda: fixed", "extrapolation.lambda: 'fixed' is not an aggregate (mean, median, trimmed, ratio) or a fixed strength mu (a number)")]
    [InlineData("contrastive:\n  beta: lots", "contrastive.beta")]
    [InlineData("contrastive:\n  alpha: 0.2", "unknown key 'alpha'")]
    public void BadMethodSettingsAreReportedAtTheirField(string extra, string message)
    {
        var (_, diagnostics) = MatrixTests.Validate("  decoding: [contrastive, extrapolation]", extra);
        Assert.Contains(diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
    }
}
