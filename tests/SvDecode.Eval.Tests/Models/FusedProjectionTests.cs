using System.Runtime.InteropServices;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Layers;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Peft.Lora;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Peft;
using SvDecode.Eval.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Models;

/// <summary>
/// q/k/v and gate/up as one product each (<see cref="FusedLinear"/>) give the logits and gradients of separate
/// products, with every kind of PEFT wrapper, and their parameters are views of one tensor. On ref-qwen2: grouped-query
/// attention with q/k/v biases.
/// </summary>
[Collection(FusedProjectionsCollection.Name)]
public sealed class FusedProjectionTests
{
    /// <summary>Seven left-padded prompts: seven rows plain, fourteen in the batched pair (the few-row product's range).</summary>
    private static readonly IReadOnlyList<IReadOnlyList<int>> Prompts =
        [[5, 17, 3, 44, 9, 21, 30], [12, 8, 60], [7, 7, 2, 90], [33], [41, 42, 43, 44, 45], [99, 1, 50], [64, 63, 62, 61, 60, 59]];

    private static CausalLanguageModel Load(ScalarType dtype = ScalarType.Float32) =>
        ModelLoader.Load(ReferenceFiles.Model("ref-qwen2"), new ModelLoadOptions { DType = dtype });

    /// <summary><paramref name="run"/> with fused products off, then on for every shape (the switches restored after).</summary>
    private static (T Separate, T Fused) Both<T>(Func<T> run)
    {
        var (before, allBefore) = (FusedProjections.Enabled, FusedProjections.AllShapes);
        try
        {
            FusedProjections.AllShapes = true;
            FusedProjections.Enabled = false;
            var separate = run();
            FusedProjections.Enabled = true;
            return (separate, run());
        }
        finally
        {
            (FusedProjections.Enabled, FusedProjections.AllShapes) = (before, allBefore);
        }
    }

    /// <summary>Prefill logits at every position and three greedy decode steps, flattened: (N).</summary>
    private static Tensor Decode(ILogitsSessionFactory factory)
    {
        using var scope = NewDisposeScope();
        using var session = factory.Open();
        var (ids, mask) = PromptBatch.LeftPadded(Prompts);
        var parts = new List<Tensor> { session.Prefill(ids, mask).All().flatten() };
        var next = session.Advance(ids[.., -1]);
        for (var step = 0; step < 3; step++)
        {
            parts.Add(next.flatten());
            next = session.Advance(next.argmax(-1));
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>The batched base + adapted pair (FirstAdaptedRow): its prompt logits and three decode steps, both models.</summary>
    private static Tensor DecodePair(IPeftAdapter adapter)
    {
        using var scope = NewDisposeScope();
        using var pair = adapter.OpenPair(PairForward.Batched);
        var (b, a) = pair.Start(Prompts);
        var parts = new List<Tensor> { b.flatten(), a.flatten() };
        for (var step = 0; step < 3; step++)
        {
            (b, a) = pair.Advance(a.argmax(-1));
            parts.Add(b.flatten());
            parts.Add(a.flatten());
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    private static void AssertClose((Tensor Separate, Tensor Fused) both, double relative = 1e-6)
    {
        using var scope = NewDisposeScope();
        var (want, got) = both;
        Assert.Equal(want.shape, got.shape);
        var error = (got - want).abs().max().item<float>() / want.abs().max().item<float>();
        Assert.True(error <= relative, $"max |Δ| / max |x| = {error:g3}, allowed {relative:g3}");
        want.Dispose();
        got.Dispose();
    }

    [Fact]
    public void TheProjectionsAreViewsOfOneTensorInCheckpointOrder()
    {
        using var model = Load();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (group, names) in new[] { ("self_attn", new[] { "q_proj", "k_proj", "v_proj" }), ("mlp", new[] { "gate_proj", "up_proj" }) })
        {
            foreach (var suffix in group == "self_attn" ? new[] { "weight", "bias" } : ["weight"])
            {
                var parts = names.Select(n => parameters[$"model.layers.1.{group}.{n}.{suffix}"]).ToList();
                long offset = 0;
                foreach (var part in parts)
                {
                    // One storage, the parts back to back: each starts where the one before ends.
                    Assert.Equal(THSStorage_data_ptr(parts[0].Handle), THSStorage_data_ptr(part.Handle));
                    Assert.Equal(offset, part.storage_offset());
                    Assert.True(part.is_contiguous());
                    offset += part.numel();
                }
                Assert.Equal((ulong)(offset * sizeof(float)), parts[0].storage<float>().nbytes()); // no more than the parts
            }
        }
    }

    /// <summary>The start of a tensor's storage (LibTorch's, which TorchSharp 0.107 uses but does not expose).</summary>
    [DllImport("LibTorchSharp")]
    private static extern IntPtr THSStorage_data_ptr(IntPtr tensor);

    [Fact]
    public void TheFusedProductRunsAndCallsOutputAdaptersWithTheirSlices()
    {
        using var model = Load();
        Recorder recorder = null!;
        model.ReplaceProjection("model.layers.0.self_attn.k_proj", inner => recorder = new Recorder(inner));
        var (separate, fused) = Both(() =>
        {
            recorder.Forwards = recorder.Adapts = 0;
            using var logits = Decode(new ModelLogitsSessionFactory(model));
            return (recorder.Forwards, recorder.Adapts);
        });
        Assert.Equal((5, 0), separate); // the prefill and four decode steps
        Assert.Equal((0, 5), fused);
    }

    [Fact]
    public void ByDefaultOnlyTheMeasuredShapesAreFused()
    {
        using var scope = NewDisposeScope();
        var wide = randn(2304, 768);                                                 // (Σout, in): 134M's q/k/v
        Assert.True(FusedProjections.Applies(randn(8, 1, 768), wide));               // batch 8: measured faster
        Assert.True(FusedProjections.Applies(randn(16, 1, 768), wide));              // the steered pair at batch 8
        Assert.False(FusedProjections.Applies(randn(2, 1, 768), wide));              // batch 1 (and its pair): even
        Assert.False(FusedProjections.Applies(randn(1, 512, 768), wide));            // a prefill: not measured
        Assert.False(FusedProjections.Applies(randn(8, 1, 512), randn(1536, 512)));  // 27M's narrow inputs: even
        Assert.False(FusedProjections.Applies(randn(8, 1, 768).to(ScalarType.BFloat16), wide.to(ScalarType.BFloat16)));
    }

    [Fact]
    public void PlainModelLogitsAreThoseOfSeparateProducts()
    {
        using var model = Load();
        AssertClose(Both(() => Decode(new ModelLogitsSessionFactory(model))));
    }

    [Fact]
    public void Bfloat16LogitsAgreeWithinItsRounding()
    {
        using var model = Load(ScalarType.BFloat16);
        AssertClose(Both(() => Decode(new ModelLogitsSessionFactory(model))), relative: 2e-2);
    }

    [Theory]
    [InlineData(PeftMethod.Lora)]
    [InlineData(PeftMethod.Ia3)]
    [InlineData(PeftMethod.PromptTuning)]
    [InlineData(PeftMethod.PrefixTuning)]
    public void AdaptedAndBaseLogitsAreThoseOfSeparateProducts(PeftMethod method)
    {
        using var model = Load();
        using var adapter = PeftAdapters.Create(model, Settings().ConfigFor(method, model.Config, "test"), seed: 5);
        PeftTestModels.Perturb(adapter);
        AssertClose(Both(() => Decode(adapter.AdaptedSessions)));
        AssertClose(Both(() => Decode(adapter.BaseSessions)));
        if (method is PeftMethod.Lora or PeftMethod.Ia3 or PeftMethod.PromptTuning)
        {
            AssertClose(Both(() => DecodePair(adapter)));
        }
    }

    [Fact]
    public void AMergedLoraWritesIntoTheFusedWeights()
    {
        using var model = Load();
        using var adapter = (LoraAdapter)PeftAdapters.Create(model, Settings().ConfigFor(PeftMethod.Lora, model.Config, "test"), seed: 5);
        PeftTestModels.Perturb(adapter);
        using var adapted = Decode(adapter.AdaptedSessions);
        adapter.Merge();
        // The separate products read the views the merge wrote into, the fused one the tensor they are views of.
        var (separate, fused) = Both(() => Decode(adapter.AdaptedSessions));
        Assert.True((fused - adapted).abs().max().item<float>() < 1e-4, "merged and fused, the model is the adapted one");
        AssertClose((separate, fused));
        adapter.Unmerge();
    }

    [Theory]
    [InlineData(PeftMethod.Lora)]
    [InlineData(PeftMethod.Ia3)]
    [InlineData(PeftMethod.PromptTuning)]
    [InlineData(PeftMethod.PrefixTuning)]
    public void AWarmStartStepGetsTheGradientsOfSeparateProducts(PeftMethod method)
    {
        using var model = Load();
        // A fresh adapter per run from the same seed, so LoRA's dropout draws the same masks in both.
        var (separate, fused) = Both(() =>
        {
            using var adapter = PeftAdapters.Create(model, Settings().ConfigFor(method, model.Config, "test"), seed: 5);
            PeftTestModels.Perturb(adapter);
            model.train();
            try
            {
                var (ids, mask) = PromptBatch.RightPadded(Prompts);
                using (var hidden = adapter.TrainingHidden(ids, mask))
                using (var loss = hidden.pow(2).mean())
                {
                    loss.backward();
                }
                return cat(adapter.TrainableParameters.Select(p => p.grad!.flatten()).ToList(), 0);
            }
            finally
            {
                model.eval();
            }
        });
        Assert.True(separate.abs().max().item<float>() > 0, "the step has gradients");
        AssertClose((separate, fused), relative: 1e-5);
    }

    [Fact]
    public void AnAdapterSavedAfterFusedForwardsReloadsToTheSameBytes()
    {
        using var dir = new TempDirectory();
        using var model = Load();
        using (var adapter = PeftAdapters.Create(model, Settings().ConfigFor(PeftMethod.Lora, model.Config, "test"), seed: 5))
        {
            PeftTestModels.Perturb(adapter);
            Decode(adapter.AdaptedSessions).Dispose();
            ((LoraAdapter)adapter).Merge();
            ((LoraAdapter)adapter).Unmerge();
            adapter.Save(dir.Combine("a"));
        }
        using (var loaded = PeftAdapters.Load(dir.Combine("a"), model))
        {
            loaded.Save(dir.Combine("b"));
        }
        Assert.Equal(File.ReadAllBytes(dir.Combine("a", PeftFiles.WeightsFileName)), File.ReadAllBytes(dir.Combine("b", PeftFiles.WeightsFileName)));
    }

    /// <summary>LoRA on every projection of both fused groups (and down_proj); IA3 on k/v and, as a feed-forward
    /// module, down_proj, plus gate as an output module; small virtual-token methods.</summary>
    private static WarmStartSettings Settings() => new()
    {
        Lora = new LoraSettings { R = 4, Alpha = 8, Dropout = 0.1, TargetModules = ["q_proj", "k_proj", "v_proj", "gate_proj", "up_proj", "down_proj"] },
        Ia3 = new Ia3Settings { TargetModules = ["k_proj", "v_proj", "gate_proj", "down_proj"], FeedforwardModules = ["down_proj"] },
        PromptTuning = new PromptTuningSettings { NumVirtualTokens = 3 },
        PrefixTuning = new PrefixTuningSettings { NumVirtualTokens = 3, Projection = false, EncoderHiddenSize = 16 },
    };

    /// <summary>An output adapter that changes nothing and counts how it was called.</summary>
    private sealed class Recorder(nn.Module<Tensor, Tensor> wrapped) : nn.Module<Tensor, Tensor>(nameof(Recorder)), IOutputAdapter
    {
        public int Forwards { get; set; }

        public int Adapts { get; set; }

        public nn.Module<Tensor, Tensor> Wrapped => wrapped;

        public bool AdaptsOutputOnly => true;

        public Tensor Adapt(Tensor x, Tensor wrappedOutput)
        {
            Adapts++;
            return wrappedOutput;
        }

        public override Tensor forward(Tensor x)
        {
            Forwards++;
            return wrapped.forward(x);
        }
    }
}
