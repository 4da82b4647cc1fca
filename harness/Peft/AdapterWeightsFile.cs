using SvDecode.Eval.Models.Safetensors;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft;

/// <summary>
/// Reads adapter_model.safetensors strictly: every tensor a configuration implies must be there with its exact shape,
/// and every stored tensor must be used. Errors name the file, the tensor and the config field behind the shape.
/// </summary>
public sealed class AdapterWeightsFile : IDisposable
{
    private readonly SafetensorsFile _file;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private AdapterWeightsFile(SafetensorsFile file) => _file = file;

    public string Path => _file.Path;

    public static AdapterWeightsFile Open(string directory)
    {
        var path = System.IO.Path.Combine(directory, PeftFiles.WeightsFileName);
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: not found (PEFT adapters saved as adapter_model.bin are not read; re-save with safetensors)");
        }
        return new AdapterWeightsFile(SafetensorsFile.Open(path));
    }

    /// <summary>Reads <paramref name="key"/> as <paramref name="dtype"/>, checking its shape; <paramref name="shapeSource"/> says which config fields set it.</summary>
    public Tensor Take(string key, long[] shape, ScalarType dtype, string shapeSource)
    {
        if (!_file.Tensors.TryGetValue(key, out var info))
        {
            throw new InputException($"{Path}: tensor '{key}' is missing (implied by {shapeSource})");
        }
        if (!info.Shape.SequenceEqual(shape))
        {
            throw new InputException($"{Path}: tensor '{key}' has shape [{string.Join(", ", info.Shape)}], but the model and {shapeSource} imply [{string.Join(", ", shape)}]");
        }
        _used.Add(key);
        return _file.Read(key, dtype);
    }

    /// <summary>The stored shape of a tensor, or null (for methods whose sizes are read from the tensor).</summary>
    public long[]? ShapeOf(string key) => _file.Tensors.TryGetValue(key, out var info) ? info.Shape : null;

    /// <summary>Fails on tensors no module took (targets that do not fit this model, or another method's weights).</summary>
    public void RequireAllUsed()
    {
        var unused = _file.Tensors.Keys.Where(k => !_used.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
        {
            throw new InputException($"{Path}: tensor '{unused[0]}' fits no adapted module of this model{(unused.Count > 1 ? $" ({unused.Count - 1} more unused)" : "")}; check target_modules and base_model_name_or_path");
        }
    }

    public void Dispose() => _file.Dispose();
}
