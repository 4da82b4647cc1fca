using System.Security.Cryptography;
using SvDecode.Eval.Data;
using SvDecode.Eval.Models;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tokenization;
using SvDecode.Eval.Tool.Demo;
using Xunit;

namespace SvDecode.Eval.Tests.Demo;

public sealed class PretrainCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Pretrain_writes_a_loadable_folder_and_the_data_and_a_rerun_gives_the_same_bytes()
    {
        string[] Args(string name) => ["pretrain", "--out", _temp.Combine(name), "--data", _temp.Combine(name + "-data"), "--steps", "2"];
        var first = await CliRunner.RunAsync(Args("a"));
        Assert.True(first.Code == 0, first.Error);
        Assert.Contains("2 steps, final loss", first.Out, StringComparison.Ordinal);
        var second = await CliRunner.RunAsync(Args("b"));
        Assert.True(second.Code == 0, second.Error);

        foreach (var file in new[] { "config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors", "pretrain.json" })
        {
            Assert.Equal(Sha256(_temp.Combine("a", file)), Sha256(_temp.Combine("b", file)));
        }
        // The committed tokenizer is the one this code trains (same world, same vocabulary size).
        Assert.Equal(Sha256(Path.Combine(DemoPaths.Model, "tokenizer.json")), Sha256(_temp.Combine("a", "tokenizer.json")));
        Assert.Equal(4, Directory.GetFiles(_temp.Combine("a-data"), "*.jsonl").Length);
        using var model = ModelLoader.Load(_temp.Combine("a"));
        Assert.Equal(TokenizerLoader.Load(_temp.Combine("a")).VocabSize, model.Config.VocabSize);
        // The study world's options left the demo's record as it was: the committed pretrain.json differs from a
        // rerun's only in what the rerun changed (its steps) and in what training produced (the losses).
        Assert.Equal(Normalised(Path.Combine(DemoPaths.Model, "pretrain.json")), Normalised(_temp.Combine("a", "pretrain.json")));
    }

    [Fact]
    public async Task Study_world_pretrains_reproducibly_with_the_committed_tokenizer_and_files()
    {
        string[] Args(string name) => ["pretrain", "--world", "study", "--out", _temp.Combine(name), "--data", _temp.Combine(name + "-data"), "--steps", "2"];
        var first = await CliRunner.RunAsync(Args("a"));
        Assert.True(first.Code == 0, first.Error);
        var second = await CliRunner.RunAsync(Args("b"));
        Assert.True(second.Code == 0, second.Error);
        foreach (var file in new[] { "config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors", "pretrain.json" })
        {
            Assert.Equal(Sha256(_temp.Combine("a", file)), Sha256(_temp.Combine("b", file)));
        }
        Assert.Equal(Sha256(Path.Combine(DemoPaths.StudyModel, "tokenizer.json")), Sha256(_temp.Combine("a", "tokenizer.json")));
        Assert.Equal(Sha256(Path.Combine(DemoPaths.StudyModel, "config.json")), Sha256(_temp.Combine("a", "config.json")));
        foreach (var path in Directory.GetFiles(_temp.Combine("a-data")))
        {
            Assert.Equal(Sha256(Path.Combine(DemoPaths.StudyData, Path.GetFileName(path))), Sha256(path));
        }
        Assert.Equal(Normalised(Path.Combine(DemoPaths.StudyModel, "pretrain.json")), Normalised(_temp.Combine("a", "pretrain.json")));
        Assert.Contains("\"command\": \"svdecode-eval pretrain --world study\"", File.ReadAllText(_temp.Combine("a", "pretrain.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_world_is_an_input_error()
    {
        var result = await CliRunner.RunAsync("pretrain", "--world", "moon", "--out", _temp.Combine("x"));
        Assert.Equal(2, result.Code);
        Assert.Contains("moon", result.Error, StringComparison.Ordinal);
    }

    /// <summary>A pretrain.json without what a run's length decides: options.steps and the loss curve.</summary>
    private static string Normalised(string path)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["options"]!.AsObject().Remove("steps");
        json.Remove("losses");
        return json.ToJsonString();
    }

    [Fact]
    public async Task Bad_options_are_input_errors()
    {
        var result = await CliRunner.RunAsync("pretrain", "--out", _temp.Combine("x"), "--steps", "0");
        Assert.Equal(2, result.Code);
        Assert.Contains("steps", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Learning_rate_warms_up_linearly_then_decays_to_the_floor()
    {
        var options = new DemoPretrainOptions { Steps = 100, WarmupSteps = 10, LearningRate = 1e-3, MinLearningRateRatio = 0.1 };
        Assert.Equal(1e-4, DemoPretrainer.LearningRate(options, 1), 12);
        Assert.Equal(1e-3, DemoPretrainer.LearningRate(options, 10), 12);
        Assert.Equal(0.55e-3, DemoPretrainer.LearningRate(options, 55), 12); // half-way through the cosine
        Assert.Equal(1e-4, DemoPretrainer.LearningRate(options, 100), 12);
    }

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
