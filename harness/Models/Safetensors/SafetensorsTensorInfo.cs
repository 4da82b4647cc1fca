namespace SvDecode.Eval.Models.Safetensors;

/// <summary>One header entry: where a tensor's bytes lie, relative to the start of the data area.</summary>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, long[] Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);

    public long ByteCount => End - Begin;
}
