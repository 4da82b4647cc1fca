using System.Text.Json.Nodes;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Safetensors;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Tests.Models;
using SvDecode.Eval.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Peft;

/// <summary>
/// Broken or mismatched adapter folders fail with an <see cref="InputException"/> naming the file and the field or
/// tensor, and leave the model exactly as loaded.
/// </summary>
public sealed class MalformedAdapterTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CausalLanguageModel _model = ModelLoader.Load(ReferenceFiles.Model("ref-llama"));

    public void Dispose()
    {
        _model.Dispose();
        _dir.Dispose();
    }

    /// <summary>A copy of ref-llama-&lt;kind&gt; with its config and tensors edited.</summary>
    private string Broken(string kind, Action<JsonObject>? config = null, Action<Dictionary<string, Tensor>>? tensors = null)
    {
        var source = ReferenceFiles.Adapter($"ref-llama-{kind}");
        var target = _dir.Combine(kind + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(target);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(source, PeftFiles.ConfigFileName)))!.AsObject();
        config?.Invoke(json);
        File.WriteAllText(Path.Combine(target, PeftFiles.ConfigFileName), json.ToJsonString());
        using var file = SafetensorsFile.Open(Path.Combine(source, PeftFiles.WeightsFileName));
        var values = file.Names.ToDictionary(n => n, n => file.Read(n));
        tensors?.Invoke(values);
        SafetensorsWriter.Save(Path.Combine(target, PeftFiles.WeightsFileName), values);
        return target;
    }

    private void AssertRejected(string directory, params string[] mentions)
    {
        using var before = PeftTestModels.Logits(new ModelLogitsSessionFactory(_model));
        var error = Assert.Throws<InputException>(() => PeftAdapters.Load(directory, _model));
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, error.Message, StringComparison.Ordinal);
        }
        using var after = PeftTestModels.Logits(new ModelLogitsSessionFactory(_model));
        Assert.True(PeftTestModels.Same(before, after), "a rejected adapter must leave the model as loaded");
    }

    [Fact]
    public void UnknownPeftType() =>
        AssertRejected(Broken("lora", c => c["peft_type"] = "ADALORA"), PeftFiles.ConfigFileName, "'peft_type'", "ADALORA", "LORA, IA3, PROMPT_TUNING, PREFIX_TUNING");

    [Fact]
    public void TargetModuleTheModelDoesNotHave() =>
        AssertRejected(Broken("lora", c => c["target_modules"] = new JsonArray("q_proj", "c_attn")), PeftFiles.ConfigFileName, "'target_modules'", "'c_attn'");

    [Fact]
    public void RankThatDoesNotMatchTheTensors() =>
        AssertRejected(Broken("lora", c => c["r"] = 8), PeftFiles.WeightsFileName, "lora_A.weight' has shape [4, ", "imply [8, ");

    [Fact]
    public void MissingTensor() =>
        AssertRejected(Broken("lora", tensors: t => t.Remove("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight")),
            PeftFiles.WeightsFileName, "'base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight' is missing");

    [Fact]
    public void TensorForAModuleThatIsNotTargeted() =>
        AssertRejected(Broken("lora", tensors: t => t["base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight"] = zeros(4, 64)),
            PeftFiles.WeightsFileName, "'base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight' fits no adapted module");

    [Fact]
    public void UnsupportedLoraOptions()
    {
        AssertRejected(Broken("lora", c => c["use_dora"] = true), PeftFiles.ConfigFileName, "'use_dora'");
        AssertRejected(Broken("lora", c => c["bias"] = "all"), PeftFiles.ConfigFileName, "'bias'");
        AssertRejected(Broken("lora", c => c["task_type"] = "SEQ_CLS"), PeftFiles.ConfigFileName, "'task_type'");
    }

    [Fact]
    public void Ia3FeedForwardListThatChangesTheShapes() =>
        AssertRejected(Broken("ia3", c => c["feedforward_modules"] = new JsonArray()), "mlp.down_proj.ia3_l", "[1, 96]", "[64, 1]");

    [Fact]
    public void PromptTokenDimThatIsNotTheHiddenSize() =>
        AssertRejected(Broken("prompt", c => c["token_dim"] = 32), PeftFiles.ConfigFileName, "'token_dim'", "64");

    [Fact]
    public void PrefixForAnotherDepth() =>
        AssertRejected(Broken("prefix", c => c["num_layers"] = 3), PeftFiles.ConfigFileName, "'num_layers'");

    [Fact]
    public void PrefixTableOfTheWrongWidth() =>
        AssertRejected(Broken("prefix", tensors: t => t["prompt_embeddings"] = zeros(4, 96)), "prompt_embeddings", "[4, 96]", "[4, 128]");

    [Fact]
    public void MissingOrInvalidConfig()
    {
        var noConfig = Broken("lora");
        File.Delete(Path.Combine(noConfig, PeftFiles.ConfigFileName));
        AssertRejected(noConfig, PeftFiles.ConfigFileName, "not found");
        var badJson = Broken("lora");
        File.WriteAllText(Path.Combine(badJson, PeftFiles.ConfigFileName), "{\"peft_type\": ");
        AssertRejected(badJson, PeftFiles.ConfigFileName, "invalid JSON");
        AssertRejected(Broken("lora", c => c.Remove("r")), PeftFiles.ConfigFileName, "'r'");
    }
}
