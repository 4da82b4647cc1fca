using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Models;

/// <summary>
/// What a layer keeps alive while it runs. A layer's dispose scope holds every tensor made in it until the layer ends,
/// so the attention's score tensors, the norms' float32 copies and the MLP's (B, T, I) activations would otherwise all
/// be alive at once: on a 0.5B model in bfloat16 that was about a third of the weights per calibration batch. Probes
/// put in place of projections count the tensors alive on the thread when each projection is called.
/// </summary>
public sealed class LayerWorkingSetTests
{
    private static readonly int[][] Batch = [[3, 5, 7, 9, 11, 13], [2, 4, 6, 8, 10, 12]];

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    public void WithoutAutogradTheMlpHoldsOneActivationWhenItsDownProjectionRuns(ScalarType dtype)
    {
        // silu(gate) ⊙ up in place in gate's output, up freed: one tensor more than when the MLP began.
        Assert.Equal(1, LiveTensorsBetween(dtype, "model.layers.0.mlp.gate_proj", "model.layers.0.mlp.down_proj"));
    }

    [Fact]
    public void WithAutogradTheMlpKeepsWhatBackwardNeeds()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        using var model = folder.Load();
        var gate = Install(model, "model.layers.0.mlp.gate_proj");
        var down = Install(model, "model.layers.0.mlp.down_proj");
        foreach (var parameter in model.parameters())
        {
            parameter.requires_grad_(true); // loaded frozen, as PEFT wants them
        }
        using var logits = Run(model);
        Assert.Equal(4, down.LiveAtEntry - gate.LiveAtEntry); // gate, silu(gate), up, their product: out of place
        using var loss = logits.pow(2).mean();
        loss.backward(); // an in-place op on a tensor backward needs would throw here
        Assert.All(model.parameters(), p => Assert.True(p.grad is { } g && g.abs().sum().item<float>() > 0, "every parameter gets a gradient"));
    }

    [Fact]
    public void HalfPrecisionAttentionFreesItsScoresLikeTheFusedFloat32Kernel()
    {
        // float32 runs one fused kernel that writes no (B, nh, T, S) tensor; bfloat16 computes the scores in float32
        // by hand and must leave nothing more behind (not even a view) when the output projection runs.
        const string Query = "model.layers.0.self_attn.q_proj", Output = "model.layers.0.self_attn.o_proj";
        Assert.Equal(LiveTensorsBetween(ScalarType.Float32, Query, Output), LiveTensorsBetween(ScalarType.BFloat16, Query, Output));
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    public void AttentionAndNormsLeaveOnlyTheirOutputsInTheLayerScope(ScalarType dtype)
    {
        // Between the attention's first projection (after input_layernorm) and the MLP's: the attention's output, the
        // residual sum h and post_attention_layernorm's output.
        Assert.Equal(3, LiveTensorsBetween(dtype, "model.layers.1.self_attn.q_proj", "model.layers.1.mlp.gate_proj"));
    }

    /// <summary>Tensors alive when <paramref name="later"/> runs beyond those alive when <paramref name="earlier"/> ran,
    /// in one forward of the batch without autograd.</summary>
    private static long LiveTensorsBetween(ScalarType dtype, string earlier, string later)
    {
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        using var model = ModelLoader.Load(folder.Directory, new ModelLoadOptions { DType = dtype });
        var first = Install(model, earlier);
        var second = Install(model, later);
        using (no_grad())
        {
            Run(model).Dispose();
        }
        return second.LiveAtEntry - first.LiveAtEntry;
    }

    /// <summary>The batch through the whole model: logits (B, T, V).</summary>
    private static Tensor Run(CausalLanguageModel model)
    {
        using var scope = NewDisposeScope();
        var (ids, mask) = PromptBatch.RightPadded([.. Batch.Select(r => (IReadOnlyList<int>)r)]);
        return model.Forward(ids, mask, AttentionMask.Positions(mask)).MoveToOuterDisposeScope();
    }

    private static Probe Install(CausalLanguageModel model, string path)
    {
        Probe? probe = null;
        model.ReplaceProjection(path, inner => probe = new Probe(inner));
        return probe!;
    }

    /// <summary>Runs the projection it replaces, first recording how many tensors are alive on the thread.</summary>
    private sealed class Probe : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006 // field names are checkpoint keys
        private readonly nn.Module<Tensor, Tensor> inner;
#pragma warning restore IDE1006

        public Probe(nn.Module<Tensor, Tensor> wrapped) : base(nameof(Probe))
        {
            inner = wrapped;
            RegisterComponents();
        }

        public long LiveAtEntry { get; private set; } = -1;

        public override Tensor forward(Tensor x)
        {
            LiveAtEntry = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            return inner.forward(x);
        }
    }
}
