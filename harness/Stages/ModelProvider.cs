using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Models;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Platform;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tokenization;
using TorchSharp;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Loads the pipeline's model and tokenizer at most once per run (they are the expensive part, several GB for a
/// real checkpoint), and fingerprints the model folder cheaply for artifact keys without loading it. A singleton that
/// the stages needing the model take in their constructors.
/// </summary>
public sealed class ModelProvider : IDisposable
{
    /// <summary>Files of a model folder that decide its outputs; hashed into keys and listed in the manifest.</summary>
    private static readonly string[] TokenizerFiles =
        ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt", "tokenizer.model"];

    private readonly Lock _gate = new();
    private LoadedModel? _loaded;
    private string? _loadedKey;

    /// <summary>SHA-256 over the model folder's config, weights and tokenizer files, plus dtype and device.</summary>
    public static string Fingerprint(StageContext context)
    {
        var spec = context.Spec.Model;
        return FingerprintFolder(context, context.Document.Resolve(spec.Path), spec.Dtype, spec.Device, "");
    }

    /// <summary>The fingerprint of any model folder (the judge's too); files are hashed under
    /// "<paramref name="rolePrefix"/>model" and "<paramref name="rolePrefix"/>tokenizer" in the run's inputs.</summary>
    public static string FingerprintFolder(StageContext context, string directory, ModelDtype dtype, ComputeDevice device, string rolePrefix)
    {
        var parts = new List<string> { $"dtype={dtype}", $"device={device}" };
        foreach (var file in ModelFiles(directory))
        {
            var role = TokenizerFiles.Contains(Path.GetFileName(file)) ? "tokenizer" : "model";
            parts.Add($"{Path.GetFileName(file)}={context.HashFile(file, rolePrefix + role)}");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts))));
    }

    public LoadedModel Get(StageContext context)
    {
        var spec = context.Spec.Model;
        var directory = context.Document.Resolve(spec.Path);
        var fingerprint = Fingerprint(context);
        lock (_gate)
        {
            if (_loaded is not null && _loadedKey == fingerprint)
            {
                return _loaded;
            }
            _loaded?.Model.Dispose();
            torch.set_num_threads(spec.Threads > 0 ? spec.Threads : Environment.ProcessorCount);
            context.Logger.LogInformation("Loading {Model} ({Dtype}, {Device})", directory, spec.Dtype, spec.Device);
            _loaded = LoadRecorded(context, directory, spec.Dtype, spec.Device, fingerprint);
            _loadedKey = fingerprint;
            return _loaded;
        }
    }

    /// <summary>
    /// <see cref="LoadFolder"/>, logged and recorded in the run (<see cref="RunSession.ModelLoads"/>) with its parameter
    /// count, weight bytes, time and the resident memory around the weights: "before" is taken with the tokenizer read
    /// and LibTorch started, so stage peaks minus it are what the model and the work cost, not the process's fixed
    /// start-up (runtime, libraries, a 152K-entry vocabulary).
    /// </summary>
    public static LoadedModel LoadRecorded(StageContext context, string directory, ModelDtype dtype, ComputeDevice device, string fingerprint)
    {
        long before = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var loaded = LoadFolder(directory, dtype, device, fingerprint, () => before = ResidentMemory.CurrentBytes);
        var parameters = loaded.Model.parameters().ToList();
        var count = parameters.Sum(p => p.numel());
        var bytes = parameters.Sum(p => p.numel() * p.ElementSize);
        var load = new ModelLoad(directory, dtype.ToString(), device.ToString(), count, bytes, Math.Round(clock.Elapsed.TotalSeconds, 3), before, ResidentMemory.CurrentBytes);
        context.Session.RecordModelLoad(load);
        context.Logger.LogInformation("Loaded {Model}: {Parameters:N0} parameters, {Weights:0.00} GiB of weights in {Seconds:0.0}s; resident {Resident:0.00} GiB",
            directory, count, bytes / (double)(1L << 30), load.Seconds, load.ResidentAfterBytes / (double)(1L << 30));
        return loaded;
    }

    /// <summary>Loads a model folder and its tokenizer in eval mode, checking that the two fit together;
    /// <paramref name="beforeWeights"/> runs once the tokenizer is read and the device resolved (LibTorch started).</summary>
    public static LoadedModel LoadFolder(string directory, ModelDtype dtype, ComputeDevice device, string fingerprint, Action? beforeWeights = null)
    {
        var options = new ModelLoadOptions
        {
            DType = dtype switch
            {
                ModelDtype.Bfloat16 => torch.ScalarType.BFloat16,
                ModelDtype.Float16 => torch.ScalarType.Float16,
                _ => torch.ScalarType.Float32,
            },
            Device = device == ComputeDevice.Cuda ? "cuda" : "cpu",
        };
        var tokenizer = TokenizerLoader.Load(directory);
        options.ResolveDevice();
        beforeWeights?.Invoke();
        var model = ModelLoader.Load(directory, options);
        TokenizerModelCheck.EnsureFits(tokenizer, model.Config.VocabSize, directory);
        model.eval();
        return new LoadedModel(model, tokenizer, fingerprint, directory);
    }

    public void Dispose()
    {
        _loaded?.Model.Dispose();
        _loaded = null;
    }

    private static IEnumerable<string> ModelFiles(string directory) =>
        Directory.EnumerateFiles(directory)
            .Where(f => Path.GetFileName(f) is var name &&
                        (name == "config.json" || name.EndsWith(".safetensors", StringComparison.Ordinal) ||
                         name == "model.safetensors.index.json" || TokenizerFiles.Contains(name)))
            .Order(StringComparer.Ordinal);
}
