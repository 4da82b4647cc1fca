using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TorchSharp;
using SvDecode.Eval.Platform;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Safetensors;

/// <summary>One validated safetensors file, read tensor by tensor through positional reads (no whole-file buffer).</summary>
public sealed class SafetensorsFile : ITensorSource
{
    /// <summary>Elements converted per chunk: bounds the host-side staging memory for huge tensors.</summary>
    private const int ChunkElements = 1 << 22;

    /// <summary>Elements per chunk of <see cref="ReadInto"/>: 4 MiB of bytes and 4 MiB of floats, reused for every tensor.</summary>
    private const int StagingElements = 1 << 20;

    private readonly FileStream _stream;
    private byte[]? _staging;
    private float[]? _floats;
    private Tensor? _stagedFloats; // (StagingElements) float32 on the CPU, for destinations that are not float32 CPU
    private readonly SafetensorsHeader _header;

    private SafetensorsFile(string path, FileStream stream, SafetensorsHeader header)
    {
        Path = path;
        _stream = stream;
        _header = header;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, string> Metadata => _header.Metadata;

    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors => _header.Tensors;

    public IReadOnlyCollection<string> Names => (IReadOnlyCollection<string>)_header.Tensors.Keys;

    /// <summary>Opens and validates <paramref name="path"/>; any defect is an <see cref="InputException"/> naming the file.</summary>
    public static SafetensorsFile Open(string path)
    {
        InputPath.RequireReadableFile(path, "safetensors file", notFound: $"Safetensors file {path} does not exist.");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess);
        try
        {
            return new SafetensorsFile(path, stream, SafetensorsHeaderParser.Read(path, stream));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public string FileOf(string name) => Path;

    public SafetensorsTensorInfo Info(string name) =>
        _header.Tensors.TryGetValue(name, out var info)
            ? info
            : throw new InputException($"Safetensors file {Path} has no tensor '{name}'.");

    public Tensor Read(string name, ScalarType? dtype = null)
    {
        var info = Info(name);
        var target = dtype ?? info.DType.ToScalarType();
        var count = info.ElementCount;
        var flat = empty(count, dtype: target, device: CPU); // read on the CPU (ITensorSource); filled chunk by chunk, then viewed with the stored shape
        try
        {
            var item = info.DType.ItemSize();
            var bytes = new byte[Math.Min(count, ChunkElements) * item];
            for (long start = 0; start < count; start += ChunkElements)
            {
                var n = (int)Math.Min(ChunkElements, count - start);
                var span = bytes.AsSpan(0, n * item);
                var read = RandomAccess.Read(_stream.SafeFileHandle, span, _header.DataStart + info.Begin + start * item);
                if (read != span.Length)
                {
                    throw new InputException($"Safetensors file {Path}: tensor '{name}' is truncated (file shorter than its data_offsets).");
                }
                using var chunk = Decode(info.DType, span, n);
                using var slice = flat.narrow(0, start, n);
                slice.copy_(chunk);
            }
            return flat.reshape(info.Shape);
        }
        finally
        {
            flat.Dispose(); // the reshaped view keeps the storage alive
        }
    }

    public void ReadInto(string name, Tensor destination)
    {
        var info = Info(name);
        if (destination.numel() != info.ElementCount)
        {
            throw new ArgumentException($"{Path}: tensor '{name}' has {info.ElementCount} elements, the destination {destination.numel()}.", nameof(destination));
        }
        var floatSource = info.DType is SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16;
        var floatDestination = destination.dtype is ScalarType.Float32 or ScalarType.BFloat16 or ScalarType.Float16;
        if (!floatSource || !floatDestination || !destination.is_contiguous())
        {
            using var value = Read(name, destination.dtype);
            // The view is held in a variable until the copy returns: passed inline, nothing would reference it during
            // the native call, and in an optimised build the GC could finalise (free) it mid-copy (seen: a segfault
            // loading Qwen2.5-0.5B's weights in bfloat16 from the Release tool).
            using var shaped = value.view(destination.shape);
            destination.copy_(shaped);
            return;
        }
        // Decode chunk by chunk into reused staging buffers, so no tensor-sized temporary and no per-chunk garbage is
        // ever allocated: a float32 CPU destination is written through its accessor; any other (bfloat16/float16, a GPU)
        // gets each chunk through one native float32 CPU tensor that copy_ narrows, converts and moves. (TorchSharp's
        // tensor(float[]) would copy every chunk into a new managed array: 4 MiB on the large-object heap each time,
        // which left ~140 MiB committed beside Qwen2.5-0.5B's bfloat16 weights.)
        var item = info.DType.ItemSize();
        _staging ??= new byte[StagingElements * 4];
        _floats ??= new float[StagingElements];
        var direct = destination.dtype == ScalarType.Float32 && destination.device_type == DeviceType.CPU;
        _stagedFloats ??= direct ? null : empty(StagingElements, dtype: ScalarType.Float32, device: CPU);
        using var target = direct ? destination.data<float>() : _stagedFloats!.data<float>();
        using var flat = direct ? null : destination.view(-1);                                  // (numel)
        for (long start = 0; start < info.ElementCount; start += StagingElements)
        {
            var n = (int)Math.Min(StagingElements, info.ElementCount - start);
            var span = _staging.AsSpan(0, n * item);
            var read = RandomAccess.Read(_stream.SafeFileHandle, span, _header.DataStart + info.Begin + start * item);
            if (read != span.Length)
            {
                throw new InputException($"Safetensors file {Path}: tensor '{name}' is truncated (file shorter than its data_offsets).");
            }
            var values = info.DType == SafetensorsDType.F32 ? MemoryMarshal.Cast<byte, float>(span) : Widen(info.DType, span, _floats.AsSpan(0, n));
            if (direct)
            {
                target.CopyFrom(values, 0, start);
                continue;
            }
            target.CopyFrom(values, 0, 0);
            using var part = _stagedFloats!.narrow(0, 0, n);
            using var slice = flat!.narrow(0, start, n);
            slice.copy_(part);
        }
    }

    /// <summary>F16 or BF16 little-endian bytes → <paramref name="values"/> (exact widening).</summary>
    private static ReadOnlySpan<float> Widen(SafetensorsDType dtype, ReadOnlySpan<byte> bytes, Span<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]);
            values[i] = dtype == SafetensorsDType.F16 ? (float)BitConverter.UInt16BitsToHalf(bits) : BitConverter.UInt32BitsToSingle((uint)bits << 16);
        }
        return values;
    }

    /// <summary>
    /// Little-endian bytes → a CPU tensor. F16 and BF16 are widened to float32 on the host: both are exact
    /// (BF16 is the high half of a float32; every half is a float), so a later narrowing gives the stored bits back.
    /// </summary>
    private static Tensor Decode(SafetensorsDType dtype, ReadOnlySpan<byte> bytes, int n)
    {
        switch (dtype)
        {
            case SafetensorsDType.F32:
                return tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), device: CPU);
            case SafetensorsDType.F64:
                return tensor(MemoryMarshal.Cast<byte, double>(bytes).ToArray(), device: CPU);
            case SafetensorsDType.F16 or SafetensorsDType.BF16:
            {
                var values = new float[n];
                Widen(dtype, bytes, values);
                return tensor(values, device: CPU);
            }
            case SafetensorsDType.I64:
                return tensor(MemoryMarshal.Cast<byte, long>(bytes).ToArray(), device: CPU);
            case SafetensorsDType.I32:
                return tensor(MemoryMarshal.Cast<byte, int>(bytes).ToArray(), device: CPU);
            case SafetensorsDType.I16:
                return tensor(MemoryMarshal.Cast<byte, short>(bytes).ToArray(), device: CPU);
            case SafetensorsDType.I8:
            {
                var values = new int[n];
                for (var i = 0; i < n; i++)
                {
                    values[i] = (sbyte)bytes[i];
                }
                using var wide = tensor(values, device: CPU);
                return wide.to(ScalarType.Int8);
            }
            case SafetensorsDType.U8:
                return tensor(bytes.ToArray(), device: CPU);
            case SafetensorsDType.BOOL:
            {
                var values = new bool[n];
                for (var i = 0; i < n; i++)
                {
                    values[i] = bytes[i] != 0;
                }
                return tensor(values, device: CPU);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype));
        }
    }

    public void Dispose()
    {
        _stagedFloats?.Dispose();
        _stream.Dispose();
    }
}
