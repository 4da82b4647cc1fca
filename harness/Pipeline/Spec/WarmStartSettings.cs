using System.ComponentModel.DataAnnotations;
using SvDecode.Eval.Models;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Peft.Ia3;
using SvDecode.Eval.Peft.Lora;
using SvDecode.Eval.Peft.PrefixTuning;
using SvDecode.Eval.Peft.PromptTuning;
using SvDecode.Eval.Training;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>The brief PEFT training before steering (method.md §5; the paper's Table 7 as defaults).</summary>
public sealed record WarmStartSettings : ISelfValidating
{
    [SpecDoc("passes over the training split; a fraction is that share of one epoch's optimiser steps, rounded up, at least 1 (0.25: a quarter of an epoch)")]
    [Range(0.0, 1000.0)]
    public double Epochs { get; init; } = 1;

    [SpecDoc("stop after this many optimiser steps (overrides epochs when set)")]
    [Range(1, int.MaxValue)]
    public int? MaxSteps { get; init; }

    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double LearningRate { get; init; } = 5e-5;

    [Range(1, 4096)]
    public int BatchSize { get; init; } = 1;

    [Range(1, 4096)]
    public int GradientAccumulation { get; init; } = 1;

    [SpecDoc("items longer than this many tokens are truncated (and counted)")]
    [Range(8, 1_000_000)]
    public int MaxLength { get; init; } = 512;

    [SpecDoc("fraction of the steps spent in linear warm-up")]
    [Range(0.0, 1.0)]
    public double WarmupRatio { get; init; }

    [SpecDoc("gradient clipping by global norm; 0 turns it off")]
    [Range(0.0, 1e6)]
    public double MaxGradNorm { get; init; } = 1.0;

    [Range(0.0, 1.0)]
    public double WeightDecay { get; init; }

    [SpecDoc("recompute each layer's activations in backward instead of keeping them (less memory, ~1/3 more compute; not for prefix tuning)")]
    public bool GradientCheckpointing { get; init; } = true;

    public LoraSettings Lora { get; init; } = new();

    public Ia3Settings Ia3 { get; init; } = new();

    public PromptTuningSettings PromptTuning { get; init; } = new();

    public PrefixTuningSettings PrefixTuning { get; init; } = new();

    [SpecDoc("an existing Hugging Face PEFT adapter folder per PEFT method (e.g. lora: adapters/my-lora), relative to the pipeline file: evaluated as it is instead of training one; the method's settings above and matrix.seeds do not apply to it")]
    public IReadOnlyDictionary<string, string>? Adapter { get; init; }

    /// <summary>The existing adapter folder given for <paramref name="method"/> (as written), or null to train one.</summary>
    public string? AdapterFor(PeftMethod method) =>
        Adapter is not null && Adapter.TryGetValue(SpecBinder.SnakeCase(method.ToString()), out var folder) ? folder : null;

    /// <summary>The <paramref name="method"/>'s adapter configuration from these settings, for <paramref name="model"/>.</summary>
    public IPeftConfig ConfigFor(PeftMethod method, ModelConfig model, string? baseModel) => method switch
    {
        PeftMethod.Lora => Lora.ToConfig(baseModel),
        PeftMethod.Ia3 => Ia3.ToConfig(baseModel),
        PeftMethod.PromptTuning => PromptTuning.ToConfig(model, baseModel),
        PeftMethod.PrefixTuning => PrefixTuning.ToConfig(model, baseModel),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>The training loop's options; <paramref name="seed"/> orders the examples and seeds dropout.</summary>
    public TrainingOptions ToTrainingOptions(int seed) => new()
    {
        LearningRate = LearningRate,
        Epochs = Epochs,
        MaxSteps = MaxSteps,
        BatchSize = BatchSize,
        GradientAccumulation = GradientAccumulation,
        WarmupRatio = WarmupRatio,
        MaxGradNorm = MaxGradNorm,
        WeightDecay = WeightDecay,
        Seed = seed,
        GradientCheckpointing = GradientCheckpointing,
    };

    public void Validate(SpecValidationContext context)
    {
        if (Epochs == 0 && MaxSteps is null)
        {
            context.Error("epochs", "0 epochs trains nothing; set max_steps or a positive number of epochs (a fraction of one is allowed)");
        }
        var methods = Enum.GetValues<PeftMethod>().Select(m => SpecBinder.SnakeCase(m.ToString())).ToList();
        foreach (var (key, folder) in Adapter ?? new Dictionary<string, string>())
        {
            if (!methods.Contains(key))
            {
                context.Error($"adapter.{key}", $"'{key}' is not a PEFT method.{NameSuggester.DidYouMean(key, methods)} Allowed keys: {string.Join(", ", methods)}.");
            }
            else if (string.IsNullOrWhiteSpace(folder))
            {
                context.Error($"adapter.{key}", "must name an adapter folder");
            }
        }
    }
}

public sealed record LoraSettings
{
    [SpecDoc("LoRA's rank r")]
    [Range(1, 4096)]
    public int R { get; init; } = 8;

    [SpecDoc("LoRA's scaling numerator (PEFT's lora_alpha): the update is scaled by alpha/r; not steering.alpha")]
    [Range(0.0, 1e6, MinimumIsExclusive = true)]
    public double Alpha { get; init; } = 16;

    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double Dropout { get; init; } = 0.1;

    public IReadOnlyList<string> TargetModules { get; init; } = ["q_proj", "k_proj", "v_proj", "o_proj"];

    [SpecDoc("scale by alpha/sqrt(r) instead of alpha/r")]
    public bool UseRslora { get; init; }

    public LoraConfig ToConfig(string? baseModel) => new()
    {
        R = R,
        Alpha = Alpha,
        Dropout = Dropout,
        TargetModules = Peft.TargetModules.FromNames(TargetModules),
        UseRslora = UseRslora,
        BaseModelNameOrPath = baseModel,
    };
}

public sealed record Ia3Settings
{
    public IReadOnlyList<string> TargetModules { get; init; } = ["q_proj", "k_proj", "v_proj", "o_proj", "up_proj", "down_proj"];

    [SpecDoc("target modules whose input (not output) is scaled")]
    public IReadOnlyList<string> FeedforwardModules { get; init; } = ["up_proj", "down_proj"];

    public Ia3Config ToConfig(string? baseModel) => new()
    {
        TargetModules = Peft.TargetModules.FromNames(TargetModules),
        FeedforwardModules = Peft.TargetModules.FromNames(FeedforwardModules),
        BaseModelNameOrPath = baseModel,
    };
}

public sealed record PromptTuningSettings : ISelfValidating
{
    [Range(1, 1024)]
    public int NumVirtualTokens { get; init; } = 20;

    public PromptInit Init { get; init; } = PromptInit.Random;

    [SpecDoc("the text whose token embeddings initialise the prompt when init is text")]
    public string? InitText { get; init; }

    public void Validate(SpecValidationContext context)
    {
        if (Init == PromptInit.Text && string.IsNullOrWhiteSpace(InitText))
        {
            context.Error("init_text", "init: text needs init_text");
        }
    }

    public PromptTuningConfig ToConfig(ModelConfig model, string? baseModel) => new()
    {
        NumVirtualTokens = NumVirtualTokens,
        TokenDim = model.HiddenSize,
        NumLayers = model.NumLayers,
        NumAttentionHeads = model.NumHeads,
        Init = Init,
        InitText = InitText,
        BaseModelNameOrPath = baseModel,
    };
}

public sealed record PrefixTuningSettings
{
    [Range(1, 1024)]
    public int NumVirtualTokens { get; init; } = 20;

    [SpecDoc("reparameterise the prefix through an MLP (P-Tuning v2's prefix projection)")]
    public bool Projection { get; init; }

    [Range(1, 65536)]
    public int EncoderHiddenSize { get; init; } = 128;

    public PrefixTuningConfig ToConfig(ModelConfig model, string? baseModel) => new()
    {
        NumVirtualTokens = NumVirtualTokens,
        TokenDim = model.NumKeyValueHeads * model.HeadDim,
        NumLayers = model.NumLayers,
        NumAttentionHeads = model.NumKeyValueHeads,
        PrefixProjection = Projection,
        EncoderHiddenSize = EncoderHiddenSize,
        BaseModelNameOrPath = baseModel,
    };
}
