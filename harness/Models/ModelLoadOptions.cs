using static TorchSharp.torch;

namespace SvDecode.Eval.Models;

/// <summary>How to materialise a checkpoint: compute dtype (float32 default; bfloat16/float16 convert on load) and device.</summary>
public sealed record ModelLoadOptions
{
    public ScalarType DType { get; init; } = ScalarType.Float32;

    /// <summary>"cpu" (default), "cuda" or "cuda:N" (needs a CUDA LibTorch: --libtorch or a CUDA build, docs/gpu.md).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Parses "float32" / "bfloat16" / "float16" (and fp32/bf16/fp16); anything else is an InputException.</summary>
    public static ScalarType ParseDType(string name, string source = "dtype") => name.ToLowerInvariant() switch
    {
        "float32" or "fp32" or "f32" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        "float16" or "fp16" or "f16" or "half" => ScalarType.Float16,
        _ => throw new InputException($"{source}: unsupported dtype '{name}'; supported: float32, bfloat16, float16."),
    };

    /// <summary>Resolves <see cref="Device"/>; CUDA without a CUDA build is an InputException.</summary>
    public Device ResolveDevice()
    {
        var name = Device.Trim().ToLowerInvariant();
        if (name == "cpu")
        {
            return CPU;
        }
        if (name == "cuda" || name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
            {
                throw new InputException(
                    $"device '{Device}': CUDA is not available: the LibTorch in use has no CUDA (the tool carries a CPU LibTorch) or sees no GPU. " +
                    "Use 'cpu', or run with --libtorch <a CUDA PyTorch's torch/lib> (docs/gpu.md).");
            }
            return device(name);
        }
        throw new InputException($"device '{Device}' is not supported; supported: cpu, cuda, cuda:N.");
    }
}
