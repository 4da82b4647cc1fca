using System.Globalization;
using System.Text.RegularExpressions;
using SvDecode.Eval.Models.Layers;
using SvDecode.Eval.Models.Safetensors;
using SvDecode.Eval.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models;

/// <summary>
/// Loads a Hugging Face model folder (config.json + safetensors) strictly: every parameter must come from the
/// checkpoint with its exact shape, and every checkpoint tensor must be used. Parameters are allocated empty and
/// filled one tensor at a time, so peak memory is the model plus one tensor.
/// </summary>
public static partial class ModelLoader
{
    public static CausalLanguageModel Load(string modelDir, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        LibTorch.MklVendorCheck.EnsureApplied();
        var config = ModelConfigParser.Load(modelDir);
        var device = options.ResolveDevice();
        using var checkpoint = ShardedCheckpoint.Open(modelDir);
        // config.json's sizes meet the checkpoint before anything is allocated: a model built on the meta device (no
        // storage) must match the stored tensors name for name and shape for shape, and its weights must fit in memory.
        RequireStoredLayers(config, checkpoint, Path.Combine(modelDir, "config.json"));
        using (var shape = CausalLanguageModelFactory.Create(config, ParameterFactory.Meta(options.DType)))
        {
            MatchTensors(shape, checkpoint, copy: false);
            RequireMemoryFor(shape, options.DType, device, Path.Combine(modelDir, "config.json"));
        }
        var model = CausalLanguageModelFactory.Create(config, new ParameterFactory(options.DType, device));
        try
        {
            LoadWeights(model, checkpoint);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Copies checkpoint tensors into <paramref name="model"/>'s parameters, key for key.</summary>
    public static void LoadWeights(CausalLanguageModel model, ITensorSource checkpoint) => MatchTensors(model, checkpoint, copy: true);

    /// <summary>
    /// Refuses weights larger than the memory the machine has free (CPU; on a GPU the driver reports it instead):
    /// allocating them would end in the kernel killing the process, with nothing said.
    /// </summary>
    private static void RequireMemoryFor(CausalLanguageModel shape, ScalarType dtype, Device device, string configPath)
    {
        if (device.type != DeviceType.CPU || AvailableMemory.Bytes() is not { } available)
        {
            return;
        }
        var bytes = shape.parameters().Sum(p => p.numel()) * ElementSize(dtype);
        if (bytes > available)
        {
            throw new InputException(
                $"{configPath}: the model it describes needs {bytes / (double)(1L << 30):0.00} GiB of {dtype} weights, but only " +
                $"{available / (double)(1L << 30):0.00} GiB of memory are available.");
        }
    }

    /// <summary>
    /// The layer count is checked against the checkpoint's tensor names first: even on the meta device each layer is a
    /// handful of module objects, so a config.json claiming a million layers would take minutes and gigabytes to refuse.
    /// </summary>
    private static void RequireStoredLayers(ModelConfig config, ITensorSource checkpoint, string configPath)
    {
        var indices = checkpoint.Names.Select(n => LayerIndex().Match(n)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        if (indices.Count > 0 && config.NumLayers > indices.Max() + 1)
        {
            throw new InputException(
                $"{configPath}: it describes {config.NumLayers} layers, but the checkpoint holds tensors for layers 0–{indices.Max()} only.");
        }
    }

    [GeneratedRegex(@"(?:^|\.)(?:layers|h)\.(\d{1,9})\.")]
    private static partial Regex LayerIndex();

    private static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => 8,
        ScalarType.BFloat16 or ScalarType.Float16 => 2,
        _ => 4,
    };

    /// <summary>Every checkpoint tensor meets a parameter of the same shape and every parameter one tensor; with
    /// <paramref name="copy"/> the values are read in.</summary>
    private static void MatchTensors(CausalLanguageModel model, ITensorSource checkpoint, bool copy)
    {
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var loaded = new HashSet<string>();
        using var noGrad = no_grad();
        foreach (var stored in checkpoint.Names.Order(StringComparer.Ordinal))
        {
            var key = CheckpointKeys.Normalise(model.Config, stored);
            if (key is null)
            {
                continue; // a known non-parameter (GPT-2 attention mask buffers, a tied head's duplicate)
            }
            if (!parameters.TryGetValue(key, out var parameter))
            {
                throw new InputException($"{checkpoint.FileOf(stored)}: unexpected tensor '{stored}' (the {model.Config.Architecture} model has no parameter '{key}').");
            }
            var info = checkpoint.Info(stored);
            if (!info.Shape.SequenceEqual(parameter.shape))
            {
                throw new InputException($"{checkpoint.FileOf(stored)}: tensor '{stored}' has shape [{string.Join(", ", info.Shape)}], but config.json implies [{string.Join(", ", parameter.shape)}].");
            }
            if (info.DType is not (SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F64))
            {
                throw new InputException($"{checkpoint.FileOf(stored)}: tensor '{stored}' has dtype {info.DType}; model weights must be F32, F16, BF16 or F64.");
            }
            if (copy)
            {
                checkpoint.ReadInto(stored, parameter);
            }
            loaded.Add(key);
        }
        var missing = parameters.Keys.Where(k => !loaded.Contains(k)).ToList();
        if (missing.Count > 0)
        {
            var where = checkpoint.Names.Count > 0 ? Path.GetDirectoryName(checkpoint.FileOf(checkpoint.Names.First())) : "the checkpoint";
            throw new InputException($"Checkpoint in {where} is missing {missing.Count} tensor(s): {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}.");
        }
    }
}
