using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Safetensors;

/// <summary>
/// Named tensors read one at a time (a single safetensors file or a sharded checkpoint), so that loading a model
/// never holds more than the model plus one tensor.
/// </summary>
public interface ITensorSource : IDisposable
{
    IReadOnlyCollection<string> Names { get; }

    /// <summary>The file a tensor lives in (for error messages).</summary>
    string FileOf(string name);

    SafetensorsTensorInfo Info(string name);

    /// <summary>Reads one tensor on the CPU as <paramref name="dtype"/> (default: the stored type). F16/BF16 widen exactly.</summary>
    Tensor Read(string name, ScalarType? dtype = null);

    /// <summary>
    /// Reads one tensor straight into <paramref name="destination"/> (same element count; converted to its dtype), so
    /// loading a model allocates nothing the size of a tensor on top of the model itself.
    /// </summary>
    void ReadInto(string name, Tensor destination);
}
