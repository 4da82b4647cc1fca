using Snapshooter.Xunit;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tests.Tokenization;
using Xunit;

namespace SvDecode.Eval.Tests.Tool;

public sealed class InspectCommandTests
{
    private static string Demo(string file) => Path.Combine(SharedFiles.RepositoryRoot, "pipelines", "data", "demo", file);

    [Fact]
    public async Task InspectCountsItemsAndShowsRenderedPrompts()
    {
        var (code, output, error) = await CliRunner.RunAsync("inspect", "jsonl", "--data", Demo("demo-commonsense-test.jsonl"), "--train-data", Demo("demo-commonsense-train.jsonl"), "--n", "2");
        Assert.True(code == 0, error);
        Assert.Contains("400", output, StringComparison.Ordinal);
        Assert.Contains("320", output, StringComparison.Ordinal);
        Assert.Contains("What color is the kopol?", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownBenchmarkIsBadInputWithASuggestion()
    {
        var (code, _, error) = await CliRunner.RunAsync("inspect", "jsnol", "--data", Demo("demo-commonsense-test.jsonl"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("Did you mean 'jsonl'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FewShotTemplateAndChatTemplateRenderAsARunWould()
    {
        var (code, output, error) = await CliRunner.RunAsync("inspect", "jsonl", "--data", Demo("demo-commonsense-test.jsonl"), "--train-data", Demo("demo-commonsense-train.jsonl"),
            "--n", "2", "--num-fewshot", "2", "--seed", "5", "--chat-template", Path.Combine(ChatTemplateReference.Folder, "llama-3-instruct"));
        Assert.True(code == 0, error);
        // Paths differ between machines; the rendered prompts are pinned.
        Snapshot.Match(output.Replace(ChatTemplateReference.Folder, "<chat-templates>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheFewShotDrawFollowsTheSeed()
    {
        async Task<string> Ids(string seed)
        {
            var (code, output, error) = await CliRunner.RunAsync("inspect", "jsonl", "--data", Demo("demo-commonsense-test.jsonl"), "--train-data", Demo("demo-commonsense-train.jsonl"),
                "--n", "3", "--num-fewshot", "3", "--seed", seed);
            Assert.True(code == 0, error);
            return string.Join("|", output.Split('\n').Where(l => l.StartsWith("few-shot examples: ", StringComparison.Ordinal)));
        }
        var first = await Ids("1");
        Assert.Equal(first, await Ids("1"));
        Assert.NotEqual(first, await Ids("2"));
    }

    [Fact]
    public async Task ABadTemplateFieldIsBadInputNamingFileAndLine()
    {
        using var dir = new TempDirectory();
        var template = dir.File("bad.tmpl", "name: bad\nversion: 1\n=== prompt\nQ: {questoin}\n=== choice\n {choice}\n=== target\n {best_answer}\n");
        var (code, _, error) = await CliRunner.RunAsync("inspect", "jsonl", "--data", Demo("demo-commonsense-test.jsonl"), "--template", template);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{template}:4: field '{{questoin}}' is not available in section 'prompt' of jsonl (available: {{question}})", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APipelineEntryIsRenderedWithItsOwnSettings()
    {
        using var dir = new TempDirectory();
        File.Copy(Demo("demo-commonsense-test.jsonl"), dir.Combine("test.jsonl"));
        File.Copy(Demo("demo-commonsense-train.jsonl"), dir.Combine("train.jsonl"));
        var pipeline = dir.File("p.yaml", $"""
            name: p
            seed: 5
            model:
              path: {TestPipelines.ReferenceModel}
            benchmarks:
              - name: jsonl
                id: demo
                data: test.jsonl
                train_data: train.jsonl
                num_fewshot: 2
            matrix:
              peft: [lora]
              steering: [off]
            """);
        var (code, fromPipeline, error) = await CliRunner.RunAsync("inspect", "demo", "--pipeline", pipeline, "--n", "2");
        Assert.True(code == 0, error);
        var (_, direct, _) = await CliRunner.RunAsync("inspect", "jsonl", "--data", dir.Combine("test.jsonl"), "--train-data", dir.Combine("train.jsonl"), "--n", "2", "--num-fewshot", "2", "--seed", "5");
        Assert.Equal(direct, fromPipeline);
        Assert.Contains("few-shot examples: ", fromPipeline, StringComparison.Ordinal);
        var (missing, _, missingError) = await CliRunner.RunAsync("inspect", "dmeo", "--pipeline", pipeline);
        Assert.Equal(ExitCodes.BadInput, missing);
        Assert.Contains("Did you mean 'demo'?", missingError, StringComparison.Ordinal);
    }
}
