using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Safetensors;

/// <summary>The element types a safetensors header may name (the subset this tool reads and writes).</summary>
public enum SafetensorsDType
{
    F64,
    F32,
    F16,
    BF16,
    I64,
    I32,
    I16,
    I8,
    U8,
    BOOL,
}

/// <summary>Sizes, names and TorchSharp equivalents of <see cref="SafetensorsDType"/>.</summary>
public static class SafetensorsDTypes
{
    public static int ItemSize(this SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 or SafetensorsDType.I64 => 8,
        SafetensorsDType.F32 or SafetensorsDType.I32 => 4,
        SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.I16 => 2,
        _ => 1,
    };

    /// <summary>Parses the header spelling ("F32", "BF16", ...); null when unknown.</summary>
    public static SafetensorsDType? Parse(string name) =>
        Enum.TryParse<SafetensorsDType>(name, ignoreCase: false, out var dtype) && Enum.IsDefined(dtype) && name == dtype.ToString()
            ? dtype
            : null;

    /// <summary>The TorchSharp type that holds this dtype without loss (F16/BF16 map to themselves).</summary>
    public static ScalarType ToScalarType(this SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 => ScalarType.Float64,
        SafetensorsDType.F32 => ScalarType.Float32,
        SafetensorsDType.F16 => ScalarType.Float16,
        SafetensorsDType.BF16 => ScalarType.BFloat16,
        SafetensorsDType.I64 => ScalarType.Int64,
        SafetensorsDType.I32 => ScalarType.Int32,
        SafetensorsDType.I16 => ScalarType.Int16,
        SafetensorsDType.I8 => ScalarType.Int8,
        SafetensorsDType.U8 => ScalarType.Byte,
        SafetensorsDType.BOOL => ScalarType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    public static SafetensorsDType FromScalarType(ScalarType type) => type switch
    {
        ScalarType.Float64 => SafetensorsDType.F64,
        ScalarType.Float32 => SafetensorsDType.F32,
        ScalarType.Float16 => SafetensorsDType.F16,
        ScalarType.BFloat16 => SafetensorsDType.BF16,
        ScalarType.Int64 => SafetensorsDType.I64,
        ScalarType.Int32 => SafetensorsDType.I32,
        ScalarType.Int16 => SafetensorsDType.I16,
        ScalarType.Int8 => SafetensorsDType.I8,
        ScalarType.Byte => SafetensorsDType.U8,
        ScalarType.Bool => SafetensorsDType.BOOL,
        _ => throw new ArgumentException($"Tensors of type {type} cannot be saved as safetensors.", nameof(type)),
    };
}
