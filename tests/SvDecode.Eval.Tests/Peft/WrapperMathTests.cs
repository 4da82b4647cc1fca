using SvDecode.Eval.Models.Gpt2;
using SvDecode.Eval.Models.Layers;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Peft.Ia3;
using SvDecode.Eval.Peft.Lora;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Peft;

/// <summary>The wrappers' outputs against their formulas, computed independently from the raw weights.</summary>
public sealed class WrapperMathTests
{
    private static Tensor Input(long features) => randn([2, 3, features], generator: new Generator(7));

    private static void AssertClose(Tensor expected, Tensor actual) =>
        Assert.True((expected - actual).abs().max().item<float>() < 1e-5, $"max |Δ| = {(expected - actual).abs().max().item<float>()}");

    [Fact]
    public void RsLoraOnGpt2Conv1DIsXWPlusBPlusAlphaOverSqrtRTimesXATBT()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.Gpt2Config);
        using var model = folder.Load();
        var config = new LoraConfig { R = 4, Alpha = 8, Dropout = 0.5, UseRslora = true, TargetModules = TargetModules.FromNames(["c_attn"]) };
        using var adapter = LoraAdapter.Create(model, config, seed: 1);
        PeftTestModels.Perturb(adapter);
        var (path, layer) = adapter.Layers[0];
        Assert.Equal("transformer.h.0.attn.c_attn", path);
        var conv = (Conv1D)layer.BaseLayer;
        var a = layer.AdapterParameters[0].Parameter;
        var b = layer.AdapterParameters[1].Parameter;
        Assert.Equal([4L, 32], a.shape);   // lora_A [r, in]
        Assert.Equal([96L, 4], b.shape);   // lora_B [out, r]
        using var noGrad = no_grad();
        var x = Input(32);

        var expected = x.matmul(conv.Weight) + conv.Bias + x.matmul(a.t()).matmul(b.t()) * (8 / Math.Sqrt(4));

        AssertClose(expected, layer.forward(x)); // the model is in eval mode: no dropout
        layer.Enabled = false;
        AssertClose(x.matmul(conv.Weight) + conv.Bias, layer.forward(x));
    }

    [Fact]
    public void Ia3ScalesTheOutputIncludingTheBiasOrTheInputOfFeedForwardModules()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.Qwen2Config); // q/k/v carry a bias
        using var model = folder.Load();
        var config = new Ia3Config { TargetModules = TargetModules.FromNames(["q_proj", "down_proj"]), FeedforwardModules = TargetModules.FromNames(["down_proj"]) };
        using var adapter = Ia3Adapter.Create(model, config);
        PeftTestModels.Perturb(adapter);
        using var noGrad = no_grad();

        var (qPath, q) = adapter.Layers.First(l => l.Path.EndsWith("q_proj", StringComparison.Ordinal));
        var qBase = (LinearProjection)q.BaseLayer;
        var lq = q.AdapterParameters[0].Parameter;
        Assert.Equal([32L, 1], lq.shape); // [out, 1]
        var x = Input(32);
        AssertClose((x.matmul(qBase.Weight.t()) + qBase.Bias!) * lq.flatten(), q.forward(x));

        var (_, down) = adapter.Layers.First(l => l.Path.EndsWith("down_proj", StringComparison.Ordinal));
        var downBase = (LinearProjection)down.BaseLayer;
        var ld = down.AdapterParameters[0].Parameter;
        Assert.Equal([1L, 48], ld.shape); // [1, in]
        var h = Input(48);
        AssertClose((h * ld.flatten()).matmul(downBase.Weight.t()), down.forward(h));
        Assert.StartsWith("model.layers.0.", qPath, StringComparison.Ordinal);
    }

    [Fact]
    public void PeftTargetMatchingUsesWholeNamesOrDottedSuffixes()
    {
        var names = TargetModules.FromNames(["c_attn", "mlp.c_proj"]);
        Assert.True(names.Matches("transformer.h.0.attn.c_attn"));
        Assert.True(names.Matches("transformer.h.0.mlp.c_proj"));
        Assert.False(names.Matches("transformer.h.0.attn.c_proj"));
        Assert.False(names.Matches("transformer.h.0.attn.xc_attn"));
        var pattern = TargetModules.FromPattern(@".*\.(q|v)_proj");
        Assert.True(pattern.Matches("model.layers.3.self_attn.q_proj"));
        Assert.False(pattern.Matches("model.layers.3.self_attn.k_proj"));
    }
}
