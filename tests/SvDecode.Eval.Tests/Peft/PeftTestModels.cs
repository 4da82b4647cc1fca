using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Tests.Models;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Peft;

/// <summary>Models, adapter settings and probes shared by the PEFT tests.</summary>
public static class PeftTestModels
{
    public const string Llama = "llama";
    public const string Gpt2 = "gpt2";

    public static readonly PeftMethod[] Methods = [PeftMethod.Lora, PeftMethod.Ia3, PeftMethod.PromptTuning, PeftMethod.PrefixTuning];

    public static IEnumerable<object[]> MethodsOnBothFamilies() =>
        from m in Methods from family in new[] { Llama, Gpt2 } select new object[] { m, family };

    /// <summary>ref-llama (GQA, untied) or a tiny random GPT-2 (Conv1D, tied, learned positions).</summary>
    public static CausalLanguageModel Load(string family)
    {
        if (family == Llama)
        {
            return ModelLoader.Load(ReferenceFiles.Model("ref-llama"));
        }
        using var folder = new TinyModelFolder(TinyModelFolder.Gpt2Config, seed: 99);
        return folder.Load();
    }

    /// <summary>Small settings for each method; GPT-2 needs its own module names.</summary>
    public static WarmStartSettings Settings(string family, bool rslora = false, bool prefixProjection = false) => new()
    {
        Lora = new LoraSettings { R = 4, Alpha = 8, Dropout = 0.1, UseRslora = rslora, TargetModules = family == Gpt2 ? ["c_attn", "c_proj"] : ["q_proj", "v_proj", "down_proj"] },
        Ia3 = family == Gpt2
            ? new Ia3Settings { TargetModules = ["c_attn", "mlp.c_proj"], FeedforwardModules = ["mlp.c_proj"] }
            : new Ia3Settings { TargetModules = ["k_proj", "v_proj", "down_proj"], FeedforwardModules = ["down_proj"] },
        PromptTuning = new PromptTuningSettings { NumVirtualTokens = 3 },
        PrefixTuning = new PrefixTuningSettings { NumVirtualTokens = 3, Projection = prefixProjection, EncoderHiddenSize = 16 },
    };

    public static IPeftAdapter Create(CausalLanguageModel model, PeftMethod method, string family, int seed = 5, bool prefixProjection = false) =>
        PeftAdapters.Create(model, Settings(family, prefixProjection: prefixProjection).ConfigFor(method, model.Config, "test"), seed);

    /// <summary>Moves every adapter tensor away from its identity init (LoRA B = 0, IA3 = 1), seeded.</summary>
    public static void Perturb(IPeftAdapter adapter, int seed = 11)
    {
        var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var p in adapter.TrainableParameters)
        {
            p.add_(0.3 * randn(p.shape, generator: generator));
        }
    }

    public static readonly int[][] Prompts = [[5, 17, 3, 44, 9, 21, 30], [12, 8, 60]];

    /// <summary>Logits (B, T, V) of a left-padded two-row batch through a session of <paramref name="factory"/>.</summary>
    public static Tensor Logits(ILogitsSessionFactory factory)
    {
        using var session = factory.Open();
        var (ids, mask) = PromptBatch.LeftPadded(Prompts.Select(p => (IReadOnlyList<int>)p).ToList());
        using var logits = session.Prefill(ids, mask);
        return logits.All();
    }

    /// <summary>Bitwise-equal values and equal shapes.</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }

    public static Dictionary<string, Tensor> CloneParameters(CausalLanguageModel model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
}
