using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Benchmarks.Templates;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Tests.Stages;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Judging;

/// <summary>
/// scoring.judge is checked by validation without loading a model: the folder, its config.json (a supported causal
/// LM), its tokenizer, and the two templates. Every message names the file, line and column; the texts are pinned.
/// </summary>
public sealed class JudgeSettingsValidationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static PipelineCatalog Catalog =>
        new ServiceCollection().AddSvDecodeHarness().AddSvDecodeBenchmarks().BuildServiceProvider().Catalog();

    public void Dispose() => _dir.Dispose();

    private string Pipeline(string judge) => _dir.File("judged.yaml", $"""
        name: judged
        model:
          path: {ReferenceModelWithTokenizer.Directory}
        benchmarks:
          - name: truthfulqa_gen
            data: TruthfulQA.csv
        scoring:
          judge:
        {judge}
        """);

    private string Errors(string judge)
    {
        _dir.File("TruthfulQA.csv", "Type,Category,Question,Best Answer,Correct Answers,Incorrect Answers\n");
        var (document, diagnostics) = PipelineLoader.Validate(Pipeline(judge), [], Catalog);
        Assert.Null(document);
        return string.Join("\n", diagnostics.Select(d => d.ToString())).Replace(_dir.Path, "<dir>", StringComparison.Ordinal);
    }

    [Fact]
    public void AValidJudgeValidates()
    {
        _dir.File("TruthfulQA.csv", "Type,Category,Question,Best Answer,Correct Answers,Incorrect Answers\n");
        _dir.File("mine.tmpl", "name: mine\nversion: 2\n=== prompt\n{question} {answer} ok?\n=== target\n yes\n=== negative\n no\n");

        var (document, diagnostics) = PipelineLoader.Validate(Pipeline($"    model: {ReferenceModelWithTokenizer.Directory}\n    info_template: mine.tmpl\n    dtype: bfloat16"), [], Catalog);

        Assert.Empty(diagnostics);
        var judge = document!.Spec.Scoring.Judge!;
        Assert.Equal(JudgeSettings.DefaultTruthTemplate, judge.TruthTemplate);
        Assert.Equal("mine.tmpl", judge.InfoTemplate);
        Assert.Equal(ModelDtype.Bfloat16, judge.Dtype);
        Assert.Null(judge.Device);
        Assert.Equal(8, judge.BatchSize);
        var mine = JudgeTemplateResolver.Resolve(judge.InfoTemplate, "scoring.judge.info_template", document, new EmbeddedTemplateSource());
        Assert.Equal("mine@v2", mine.Info.ToString());
        Assert.Equal("Why? 42 ok?", mine.Render(" Why?", "42 "));
        Assert.Equal((" yes", " no"), (mine.Yes, mine.No));
    }

    [Fact]
    public void AJudgeCanBeAddedFromTheCommandLine()
    {
        _dir.File("TruthfulQA.csv", "Type,Category,Question,Best Answer,Correct Answers,Incorrect Answers\n");
        var path = _dir.File("plain.yaml", $"name: plain\nmodel:\n  path: {ReferenceModelWithTokenizer.Directory}\nbenchmarks:\n  - name: truthfulqa_gen\n    data: TruthfulQA.csv\n");

        var (document, diagnostics) = PipelineLoader.Validate(path, [$"scoring.judge.model={ReferenceModelWithTokenizer.Directory}"], Catalog);

        Assert.Empty(diagnostics);
        Assert.Equal(ReferenceModelWithTokenizer.Directory, document!.Spec.Scoring.Judge!.Model);
    }

    [Fact]
    public void JudgeConfigurationErrorsNameTheFieldAndPosition()
    {
        var missingFolder = Errors("    model: judges/absent");
        Directory.CreateDirectory(_dir.Combine("empty-judge"));
        File.WriteAllText(_dir.Combine("empty-judge", "notes.txt"), "no model here");
        var noConfig = Errors("    model: empty-judge");
        Directory.CreateDirectory(_dir.Combine("bert-judge"));
        File.WriteAllText(_dir.Combine("bert-judge", "config.json"), """{"architectures": ["BertForMaskedLM"], "model_type": "bert"}""");
        File.WriteAllText(_dir.Combine("bert-judge", "tokenizer.json"), "{}");
        var notCausal = Errors("    model: bert-judge");
        // Our reference ref-llama folder has weights and config but no tokenizer.
        var reference = Path.Combine(SharedFiles.RepositoryRoot, "tests", "fixtures", "reference", "models", "ref-llama");
        var noTokenizer = Errors($"    model: {reference}").Replace(SharedFiles.RepositoryRoot, "<repo>", StringComparison.Ordinal);
        var badTemplates = Errors($"    model: {ReferenceModelWithTokenizer.Directory}\n    truth_template: truthfulqa-judge-truht\n    info_template: gone.tmpl\n    batch_size: 0");
        var noModel = Errors("    truth_template: truthfulqa-judge-truth");

        Snapshot.Match(string.Join("\n---\n", missingFolder, noConfig, notCausal, noTokenizer, badTemplates, noModel));
    }
}
