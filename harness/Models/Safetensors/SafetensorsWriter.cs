using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Safetensors;

/// <summary>
/// Writes tensors as a safetensors file (Hugging Face layout: sorted names, contiguous little-endian data, the header
/// space-padded to a multiple of 8 bytes). Adapters are saved through this.
/// </summary>
public static class SafetensorsWriter
{
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        Save(path, tensors.Select(t => new SafetensorsEntry(t.Key, t.Value.shape, t.Value.dtype)).ToList(), name => tensors[name], dispose: false, metadata);

    /// <summary>
    /// Writes <paramref name="entries"/> one tensor at a time: <paramref name="produce"/> is asked for each tensor in
    /// file order just before its bytes are written (and it is disposed after when <paramref name="dispose"/>), so a
    /// multi-gigabyte file never needs all its tensors, or their bytes, in memory at once.
    /// </summary>
    public static void Save(string path, IReadOnlyList<SafetensorsEntry> entries, Func<string, Tensor> produce, bool dispose, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 })
        {
            header["__metadata__"] = metadata;
        }
        long offset = 0;
        foreach (var entry in ordered)
        {
            var dtype = SafetensorsDTypes.FromScalarType(entry.DType);
            var length = entry.Shape.Aggregate(1L, (n, d) => n * d) * dtype.ItemSize();
            header[entry.Name] = new Dictionary<string, object>
            {
                ["dtype"] = dtype.ToString(),
                ["shape"] = entry.Shape,
                ["data_offsets"] = new[] { offset, offset + length },
            };
            offset += length;
        }
        // The serializer escapes non-ASCII, so characters and bytes agree; pad with spaces to a multiple of 8.
        var json = JsonSerializer.Serialize(header);
        var headerBytes = Encoding.UTF8.GetBytes(json.PadRight((json.Length + 7) / 8 * 8));

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)headerBytes.Length);
        stream.Write(prefix);
        stream.Write(headerBytes);
        foreach (var entry in ordered)
        {
            var tensor = produce(entry.Name);
            try
            {
                if (!tensor.shape.SequenceEqual(entry.Shape) || tensor.dtype != entry.DType)
                {
                    throw new InvalidOperationException($"Tensor '{entry.Name}' is {tensor.dtype} [{string.Join(", ", tensor.shape)}], not the announced {entry.DType} [{string.Join(", ", entry.Shape)}].");
                }
                stream.Write(Encode(tensor, out _));
            }
            finally
            {
                if (dispose)
                {
                    tensor.Dispose();
                }
            }
        }
    }

    /// <summary>A tensor's elements as little-endian bytes, row-major. F16/BF16 go through float32 (exact).</summary>
    private static byte[] Encode(Tensor source, out SafetensorsDType dtype)
    {
        dtype = SafetensorsDTypes.FromScalarType(source.dtype);
        if (source.numel() == 0)
        {
            return []; // TorchSharp's data accessor cannot copy out of an empty tensor
        }
        using var cpu = source.detach().cpu().contiguous();
        switch (dtype)
        {
            case SafetensorsDType.F16:
            {
                using var wide = cpu.to(ScalarType.Float32);
                var values = wide.data<float>().ToArray();
                var bytes = new byte[values.Length * 2];
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), BitConverter.HalfToUInt16Bits((Half)values[i]));
                }
                return bytes;
            }
            case SafetensorsDType.BF16:
            {
                using var wide = cpu.to(ScalarType.Float32);
                var values = wide.data<float>().ToArray();
                var bytes = new byte[values.Length * 2];
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), (ushort)(BitConverter.SingleToUInt32Bits(values[i]) >> 16));
                }
                return bytes;
            }
            case SafetensorsDType.F32: return MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()).ToArray();
            case SafetensorsDType.F64: return MemoryMarshal.AsBytes(cpu.data<double>().ToArray().AsSpan()).ToArray();
            case SafetensorsDType.I64: return MemoryMarshal.AsBytes(cpu.data<long>().ToArray().AsSpan()).ToArray();
            case SafetensorsDType.I32: return MemoryMarshal.AsBytes(cpu.data<int>().ToArray().AsSpan()).ToArray();
            case SafetensorsDType.I16: return MemoryMarshal.AsBytes(cpu.data<short>().ToArray().AsSpan()).ToArray();
            case SafetensorsDType.I8: return MemoryMarshal.AsBytes(cpu.data<sbyte>().ToArray().AsSpan()).ToArray();
            case SafetensorsDType.U8: return cpu.data<byte>().ToArray();
            case SafetensorsDType.BOOL: return cpu.data<bool>().ToArray().Select(b => b ? (byte)1 : (byte)0).ToArray();
            default: throw new ArgumentOutOfRangeException(nameof(source));
        }
    }
}
