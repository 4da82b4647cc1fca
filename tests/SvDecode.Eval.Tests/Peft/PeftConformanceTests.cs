using SvDecode.Eval.Decoding;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Peft.Lora;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Training;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Peft;

/// <summary>One battery over the four methods (and both model families: Llama with GQA, GPT-2 with Conv1D).</summary>
public sealed class PeftConformanceTests
{
    public static IEnumerable<object[]> Cases => PeftTestModels.MethodsOnBothFamilies();

    [Theory]
    [MemberData(nameof(Cases))]
    public void SwitchedOffEqualsTheBaseModelAndDisposeRestoresIt(PeftMethod method, string family)
    {
        using var model = PeftTestModels.Load(family);
        var names = model.named_parameters().Select(p => p.name).Order(StringComparer.Ordinal).ToList();
        using var baseline = PeftTestModels.Logits(new ModelLogitsSessionFactory(model));

        var adapter = PeftTestModels.Create(model, method, family);
        PeftTestModels.Perturb(adapter);
        using (var off = PeftTestModels.Logits(adapter.BaseSessions))
        using (var on = PeftTestModels.Logits(adapter.AdaptedSessions))
        using (var offAgain = PeftTestModels.Logits(adapter.BaseSessions))
        {
            Assert.True(PeftTestModels.Same(off, baseline), "base sessions must give exactly the base model's logits");
            Assert.True(PeftTestModels.Same(offAgain, baseline), "switching back and forth must not drift");
            Assert.True((on - baseline).abs().max().item<float>() > 1e-3, "the perturbed adapter must change the logits");
        }
        adapter.Dispose();

        using var after = PeftTestModels.Logits(new ModelLogitsSessionFactory(model));
        Assert.True(PeftTestModels.Same(after, baseline), "disposing must restore the model exactly");
        // The same parameters (re-registration may change their enumeration order, never their names or values).
        Assert.Equal(names, model.named_parameters().Select(p => p.name).Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SaveThenLoadIsExact(PeftMethod method, string family)
    {
        using var dir = new TempDirectory();
        using var model = PeftTestModels.Load(family);
        Tensor expected;
        using (var adapter = PeftTestModels.Create(model, method, family, prefixProjection: method == PeftMethod.PrefixTuning))
        {
            PeftTestModels.Perturb(adapter);
            expected = PeftTestModels.Logits(adapter.AdaptedSessions);
            adapter.Save(dir.Combine("a"));
        }
        using (var loaded = PeftAdapters.Load(dir.Combine("a"), model))
        {
            Assert.Equal(method, loaded.Method);
            using var actual = PeftTestModels.Logits(loaded.AdaptedSessions);
            // Prefix tuning with the MLP saves the projected table, so the loaded table is the same numbers.
            Assert.True(PeftTestModels.Same(actual, expected), $"max |Δ| = {(actual - expected).abs().max().item<float>()}");
            loaded.Save(dir.Combine("b"));
        }
        expected.Dispose();
        Assert.Equal(File.ReadAllBytes(dir.Combine("a", PeftFiles.WeightsFileName)), File.ReadAllBytes(dir.Combine("b", PeftFiles.WeightsFileName)));
        Assert.Equal(File.ReadAllText(dir.Combine("a", PeftFiles.ConfigFileName)), File.ReadAllText(dir.Combine("b", PeftFiles.ConfigFileName)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainingLowersTheLossAndChangesOnlyAdapterParameters(PeftMethod method, string family)
    {
        using var model = PeftTestModels.Load(family);
        var before = PeftTestModels.CloneParameters(model);
        using var adapter = PeftTestModels.Create(model, method, family);
        var initial = adapter.TrainableParameters.Select(p => p.detach().clone()).ToList();

        var report = WarmStartTrainer.Train(adapter, ToyTask.Examples, ToyTask.Options(method));

        var first = report.Steps[0].Loss;
        var last = report.Steps.TakeLast(3).Average(s => s.Loss);
        Assert.True(last < 0.8 * first, $"{method}: loss {first:F3} → {last:F3} did not fall by 20%");
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (before.TryGetValue(name, out var old))
            {
                Assert.True(PeftTestModels.Same(parameter, old), $"base parameter {name} changed");
                Assert.False(parameter.requires_grad, $"base parameter {name} requires grad");
            }
        }
        Assert.All(adapter.TrainableParameters.Zip(initial), pair => Assert.False(PeftTestModels.Same(pair.First, pair.Second), "an adapter parameter did not train"));
    }

    /// <summary>
    /// Recomputing each layer in backward (LoRA dropout's draws replayed) trains the same adapter as keeping the
    /// activations: the same losses and parameters to float32 rounding of the summation order. Prefix tuning trains
    /// through its cache, which checkpointing leaves alone, so it must be unchanged too.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientCheckpointingTrainsTheSameAdapter(PeftMethod method, string family)
    {
        (IReadOnlyList<double> Losses, List<Tensor> Parameters) Run(bool checkpointing)
        {
            using var model = PeftTestModels.Load(family);
            using var adapter = PeftTestModels.Create(model, method, family);
            var report = WarmStartTrainer.Train(adapter, ToyTask.Examples, ToyTask.Options(method) with { MaxSteps = 4, GradientCheckpointing = checkpointing });
            Assert.Null(model.Checkpointing);
            return (report.Steps.Select(s => s.Loss).ToList(), adapter.TrainableParameters.Select(p => p.detach().clone()).ToList());
        }
        var plain = Run(false);
        var recomputed = Run(true);
        Assert.Equal(plain.Losses.Count, recomputed.Losses.Count);
        Assert.All(plain.Losses.Zip(recomputed.Losses), pair => Assert.Equal(pair.First, pair.Second, 5));
        foreach (var (a, b) in plain.Parameters.Zip(recomputed.Parameters))
        {
            using var difference = (a - b).abs().max();
            Assert.True(difference.item<float>() < 1e-6, $"{method} on {family}: parameters differ by {difference.item<float>()}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainingIsDeterministicOnTheCpu(PeftMethod method, string family)
    {
        IReadOnlyList<double> Run()
        {
            using var model = PeftTestModels.Load(family);
            using var adapter = PeftTestModels.Create(model, method, family);
            return WarmStartTrainer.Train(adapter, ToyTask.Examples, ToyTask.Options(method) with { MaxSteps = 4 }).Steps.Select(s => s.Loss).ToList();
        }
        Assert.Equal(Run(), Run());
    }

    [Theory]
    [InlineData(PeftTestModels.Llama)]
    [InlineData(PeftTestModels.Gpt2)]
    public void LoraMergeThenUnmergeReturnsTheBaseWeights(string family)
    {
        using var model = PeftTestModels.Load(family);
        var before = PeftTestModels.CloneParameters(model);
        using var adapter = (LoraAdapter)PeftTestModels.Create(model, PeftMethod.Lora, family);
        PeftTestModels.Perturb(adapter);
        using var unmerged = PeftTestModels.Logits(adapter.AdaptedSessions);

        adapter.Merge();
        using (var merged = PeftTestModels.Logits(adapter.AdaptedSessions))
        {
            Assert.True((merged - unmerged).abs().max().item<float>() < 1e-4, "merged weights must give the adapted logits");
        }
        Assert.Contains(adapter.Layers, l => !PeftTestModels.Same(l.Layer.BaseLayer.parameters().First(), before[l.Path + ".weight"]));

        adapter.Unmerge();
        foreach (var (path, layer) in adapter.Layers)
        {
            var weight = layer.BaseLayer.parameters().First();
            Assert.True((weight - before[path + ".weight"]).abs().max().item<float>() < 1e-6, $"{path} did not return to its base weight");
        }
    }
}
