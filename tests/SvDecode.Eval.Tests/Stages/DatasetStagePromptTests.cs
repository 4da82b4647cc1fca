using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Data;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Progress;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tests.Tokenization;
using Xunit;

namespace SvDecode.Eval.Tests.Stages;

/// <summary>The dataset stage's prompt settings: each one enters its artifact key, and the artifact records the
/// template, the few-shot examples of every item and the chat template.</summary>
public sealed class DatasetStagePromptTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _pipeline;

    public DatasetStagePromptTests()
    {
        static string Rows(string prefix, int n) =>
            string.Concat(Enumerable.Range(0, n).Select(i => $"{{\"id\": \"{prefix}{i}\", \"question\": \"{prefix} {i}?\", \"choices\": [\"a\", \"b\"], \"answer\": {i % 2}}}\n"));
        _dir.File("test.jsonl", Rows("t", 6));
        _dir.File("train.jsonl", Rows("r", 12));
        _dir.File("mine.tmpl", "name: mine\nversion: 1\n=== prompt\nQuestion: {question}\nAnswer:\n=== choice\n {choice}\n=== target\n {best_answer}\n");
        // A model folder whose tokenizer_config.json carries a ChatML chat template.
        var model = Directory.CreateDirectory(_dir.Combine("model")).FullName;
        File.Copy(Path.Combine(TestPipelines.ReferenceModel, "config.json"), Path.Combine(model, "config.json"));
        File.Copy(Path.Combine(ChatTemplateReference.Folder, "chatml", "tokenizer_config.json"), Path.Combine(model, "tokenizer_config.json"));
        _pipeline = _dir.File("p.yaml", """
            name: prompts
            seed: 3
            model:
              path: model
            benchmarks:
              - name: jsonl
                data: test.jsonl
                train_data: train.jsonl
            matrix:
              peft: [lora]
              steering: [off]
            """);
    }

    public void Dispose() => _dir.Dispose();

    private static PipelineCatalog Catalog => TestPipelines.Catalog;

    private static readonly ServiceProvider Benchmarks = new ServiceCollection().AddSvDecodeBenchmarks().BuildServiceProvider();

    private string Key(params string[] overrides)
    {
        var document = PipelineLoader.Load(_pipeline, overrides, Catalog);
        var session = new RunSession(new RunRequest(document, _dir.Combine("run")), new LogRunProgress(NullLogger.Instance),
            new ArtifactStore(_dir.Combine("run", "artifacts"), NullLogger.Instance), new FileHasher(null));
        var stage = new DatasetStage(Benchmarks.GetServices<IBenchmark>(), new SvDecode.Eval.Benchmarks.Templates.EmbeddedTemplateSource());
        var unit = new WorkUnit(new MatrixCell(MatrixPeft.Lora, SteeringSwitch.Off), document.Spec.Benchmarks[0]);
        var context = new StageContext(session, stage, unit, [], NullLogger.Instance);
        return PipelineRunner.ArtifactKey(stage, stage.Fingerprint(context), new Dictionary<string, ArtifactReader>());
    }

    [Fact]
    public void Every_prompt_setting_enters_the_key_and_the_same_settings_give_the_same_key()
    {
        var plain = Key();
        Assert.Equal(plain, Key());
        var variants = new[]
        {
            Key("benchmarks.0.num_fewshot=2"),
            Key("benchmarks.0.num_fewshot=2", "benchmarks.0.fewshot_sampler=first_n"),
            Key("benchmarks.0.template=jsonl-qa"),
            Key("benchmarks.0.template=mine.tmpl"),
            Key("benchmarks.0.chat_template=true"),
        };
        Assert.Equal(variants.Length + 1, variants.Append(plain).Distinct().Count());

        // An edited template file recomputes even without a version bump.
        var before = Key("benchmarks.0.template=mine.tmpl");
        _dir.File("mine.tmpl", "name: mine\nversion: 1\n=== prompt\nQ: {question}\nA:\n=== choice\n {choice}\n=== target\n {best_answer}\n");
        Assert.NotEqual(before, Key("benchmarks.0.template=mine.tmpl"));
    }

    [Fact]
    public async Task The_artifact_records_the_template_the_examples_of_every_item_and_the_chat_template()
    {
        var log = new ExecutionLog(_dir.Combine("log"));
        using var services = TestRunHost.Services(log);
        var document = PipelineLoader.Load(_pipeline, ["benchmarks.0.num_fewshot=2", "benchmarks.0.template=mine.tmpl", "benchmarks.0.chat_template=true"], Catalog);
        await PipelineRunner.RunAsync(new RunRequest(document, _dir.Combine("run")), services, CancellationToken.None);

        var file = Directory.GetFiles(_dir.Combine("run", "artifacts", "dataset"), "dataset.json", SearchOption.AllDirectories).Single();
        var artifact = JsonSerializer.Deserialize<DatasetArtifact>(File.ReadAllText(file), Json.Options)!;
        Assert.Equal(new TemplateInfo("mine", 1), artifact.Prompt.Template);
        Assert.Equal(_dir.Combine("mine.tmpl"), artifact.Prompt.TemplateSource);
        Assert.Equal((2, "random", 3), (artifact.Prompt.NumFewshot, artifact.Prompt.FewshotSampler, artifact.Prompt.FewshotSeed));
        Assert.Equal(_dir.Combine("model", "tokenizer_config.json"), artifact.Prompt.ChatTemplate);
        var trainIds = artifact.Train.Select(i => i.Id).ToHashSet();
        Assert.All(artifact.Test.Concat(artifact.Calibration), item =>
        {
            Assert.Equal(2, item.FewShotIds.Count);
            Assert.All(item.FewShotIds, id => Assert.Contains(id, trainIds));
            Assert.StartsWith("<|im_start|>user\nQuestion: ", item.Prompt, StringComparison.Ordinal);
            Assert.EndsWith("Answer:<|im_end|>\n<|im_start|>assistant\n", item.Prompt, StringComparison.Ordinal);
            Assert.Equal(["a", "b"], item.Choices); // the delimiter space is dropped under a chat template
        });
        Assert.All(artifact.Train, item => Assert.Empty(item.FewShotIds));
        var first = artifact.Test[0];
        var example = artifact.Train.Single(i => i.Id == first.FewShotIds[0]);
        Assert.StartsWith($"<|im_start|>user\nQuestion: {example.Question}\nAnswer: {example.WarmStart.Target}\n\nQuestion: ", first.Prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_shots_than_train_items_fail_naming_the_pipeline_line_and_field()
    {
        var log = new ExecutionLog(_dir.Combine("log"));
        using var services = TestRunHost.Services(log);
        var pipeline = _dir.File("p.yaml", File.ReadAllText(_pipeline).Replace("train_data: train.jsonl", "train_data: train.jsonl\n    num_fewshot: 40", StringComparison.Ordinal));
        var document = PipelineLoader.Load(pipeline, [], Catalog);
        var error = await Record.ExceptionAsync(() => PipelineRunner.RunAsync(new RunRequest(document, _dir.Combine("run")), services, CancellationToken.None));
        Assert.StartsWith($"{pipeline}:9:18: benchmarks[0].num_fewshot: 40 few-shot examples asked for, but the train split has only 11 item(s)",
            Assert.IsType<InputException>(error).Message, StringComparison.Ordinal);
    }
}
