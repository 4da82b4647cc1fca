using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Pipeline.Yaml;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Pipeline;

public sealed class SpecBinderTests
{
    private static (PipelineDocument? Document, IReadOnlyList<Diagnostic> Diagnostics) Validate(string yaml, params string[] overrides)
    {
        using var dir = new TempDirectory();
        dir.File("items.jsonl", "{}\n");
        var path = dir.File("p.yaml", yaml);
        return PipelineLoader.Validate(path, overrides, TestPipelines.Catalog);
    }

    private static string Minimal(string extra = "") => $"""
        name: minimal
        model:
          path: {TestPipelines.ReferenceModel}
        benchmarks:
          - name: jsonl
            data: items.jsonl
        {extra}
        """;

    [Fact]
    public void AMinimalPipelineGetsThePapersDefaults()
    {
        var (document, diagnostics) = Validate(Minimal());
        Assert.Empty(diagnostics);
        var spec = document!.Spec;
        Assert.Equal(1234, spec.Seed);
        Assert.Equal(ModelDtype.Float32, spec.Model.Dtype);
        Assert.Equal([MatrixPeft.Lora], spec.Matrix.Peft);
        Assert.Null(spec.Matrix.Steering);
        Assert.Null(spec.Matrix.Decoding);
        Assert.Equal([MatrixDecoding.Off, MatrixDecoding.SvDecode], spec.Matrix.Methods);
        Assert.Equal(1.0, spec.Contrastive.Beta);
        Assert.Equal(8, spec.Warmstart.Lora.R);
        Assert.Equal(16, spec.Warmstart.Lora.Alpha);
        Assert.Equal(5e-5, spec.Warmstart.LearningRate);
        Assert.Equal(20, spec.Warmstart.PromptTuning.NumVirtualTokens);
        Assert.Equal(0.1, spec.Steering.Alpha);
        Assert.Equal(MaskMode.Hard, spec.Steering.GenerationMask);
        Assert.Equal(MaskMode.Soft, spec.Steering.ScoringMask);
        Assert.Equal(StrengthAggregateKind.Ratio, spec.Strength.Aggregate);
        Assert.Equal(0.8, spec.Benchmarks[0].Split.TrainFraction);
        Assert.Equal(0.1, spec.Benchmarks[0].Split.CalibrationFraction);
    }

    [Fact]
    public void ValuesOfEveryKindBind()
    {
        var (document, diagnostics) = Validate(Minimal("""
            seed: 1_000
            matrix:
              peft: [ia3, prompt_tuning, prefix_tuning]
              steering: on
            warmstart:
              learning_rate: 3e-4
              lora:
                target_modules: [q_proj, v_proj]
                use_rslora: true
            strength:
              aggregate: fixed
              fixed: -2.5
            decode:
              stop_strings: ["\n", "Q:"]
            """));
        Assert.Empty(diagnostics);
        var spec = document!.Spec;
        Assert.Equal(1000, spec.Seed);
        Assert.Equal([MatrixPeft.Ia3, MatrixPeft.PromptTuning, MatrixPeft.PrefixTuning], spec.Matrix.Peft);
        Assert.Equal([SteeringSwitch.On], spec.Matrix.Steering);
        Assert.Equal(3e-4, spec.Warmstart.LearningRate);
        Assert.Equal(["q_proj", "v_proj"], spec.Warmstart.Lora.TargetModules);
        Assert.True(spec.Warmstart.Lora.UseRslora);
        Assert.Equal(-2.5, spec.Strength.Fixed);
        Assert.Equal(["\n", "Q:"], spec.Decode.StopStrings);
    }

    [Fact]
    public void AQuotedNumberIsNotANumber()
    {
        var (_, diagnostics) = Validate(Minimal("seed: \"7\""));
        var error = Assert.Single(diagnostics);
        Assert.Contains("seed: '7' is not an integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverridesAreValidatedLikeTheFileAndWinOverIt()
    {
        var (document, diagnostics) = Validate(Minimal("seed: 3"), "seed=9", "matrix.peft=[ia3]", "benchmarks.0.limit=5", "benchmarks[0].split.train_fraction=0.5");
        Assert.Empty(diagnostics);
        Assert.Equal(9, document!.Spec.Seed);
        Assert.Equal([MatrixPeft.Ia3], document.Spec.Matrix.Peft);
        Assert.Equal(5, document.Spec.Benchmarks[0].Limit);
        Assert.Equal(0.5, document.Spec.Benchmarks[0].Split.TrainFraction);
        Assert.Equal(["seed=9", "matrix.peft=[ia3]", "benchmarks.0.limit=5", "benchmarks[0].split.train_fraction=0.5"], document.Overrides);
    }

    [Fact]
    public void ABadOverrideNamesItselfAsTheSource()
    {
        var (_, diagnostics) = Validate(Minimal(), "model.dtype=fp8", "nonsense");
        Assert.Equal(2, diagnostics.Count);
        Assert.Contains(diagnostics, d => d.ToString().StartsWith("--set model.dtype=fp8:1:13: model.dtype: 'fp8' is not allowed", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.ToString().Contains("dotted.key=value", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryErrorOfAFileIsReportedInOnePass()
    {
        var (_, diagnostics) = Validate("""
            name: x
            seed: no
            model:
              path: nowhere
              dtype: f32
            benchmarks:
              - name: jsnol
                data: none.jsonl
            steering:
              alpha: 2
            """);
        Assert.Equal(6, diagnostics.Count);
        Assert.Equal([2, 4, 5, 7, 8, 10], diagnostics.Select(d => d.Mark.Line));
    }

    [Theory]
    [InlineData("MaxNewTokens", "max_new_tokens")]
    [InlineData("Float32", "float32")]
    [InlineData("Bfloat16", "bfloat16")]
    [InlineData("PromptTuning", "prompt_tuning")]
    [InlineData("Ia3", "ia3")]
    [InlineData("TopP", "top_p")]
    public void PropertyNamesBecomeSnakeCase(string name, string expected) => Assert.Equal(expected, SpecBinder.SnakeCase(name));

    [Theory]
    [InlineData("acc_nrom", "acc_norm")]
    [InlineData("bechmarks", "benchmarks")]
    [InlineData("lroa", "lora")]
    [InlineData("completely_different", null)]
    public void NearMissesGetASuggestion(string input, string? expected) =>
        Assert.Equal(expected, NameSuggester.Suggest(input, ["acc", "acc_norm", "benchmarks", "lora", "ia3"]));

    [Fact]
    public void DuplicateKeysAreReportedAtTheSecondOccurrence()
    {
        var diagnostics = new DiagnosticBag();
        YamlTreeReader.Read("a: 1\nb:\n  c: 2\n  c: 3\n", "f.yaml", diagnostics);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("f.yaml:4:3: duplicate key 'c' (first given at line 3)", error.ToString());
    }
}
