using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Models;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Tokenization;
using TorchSharp;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Loads the pipeline's model and tokenizer at most once per run (they are the expensive part, several GB for a
/// real checkpoint), and fingerprints the model folder cheaply for artifact keys without loading it. A singleton:
/// stages ask it from <see cref="StageContext.Services"/>.
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
        var directory = context.Document.Resolve(spec.Path);
        var parts = new List<string> { $"dtype={spec.Dtype}", $"device={spec.Device}" };
        foreach (var file in ModelFiles(directory))
        {
            var role = TokenizerFiles.Contains(Path.GetFileName(file)) ? "tokenizer" : "model";
            parts.Add($"{Path.GetFileName(file)}={context.HashFile(file, role)}");
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
            var options = new ModelLoadOptions
            {
                DType = spec.Dtype switch
                {
                    ModelDtype.Bfloat16 => torch.ScalarType.BFloat16,
                    ModelDtype.Float16 => torch.ScalarType.Float16,
                    _ => torch.ScalarType.Float32,
                },
                Device = spec.Device == ComputeDevice.Cuda ? "cuda" : "cpu",
            };
            var tokenizer = TokenizerLoader.Load(directory);
            var model = ModelLoader.Load(directory, options);
            TokenizerModelCheck.EnsureFits(tokenizer, model.Config.VocabSize, directory);
            model.eval();
            _loaded = new LoadedModel(model, tokenizer, fingerprint, directory);
            _loadedKey = fingerprint;
            return _loaded;
        }
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
