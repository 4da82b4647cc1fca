using System.Text;
using System.Text.Json;

namespace SvDecode.Eval.Models.Safetensors;

/// <summary>
/// Parses and validates a safetensors header: <c>u64 little-endian N</c>, then N bytes of JSON, then the data area.
/// Everything a hostile or truncated file could get wrong is checked before a single tensor byte is read.
/// </summary>
internal static class SafetensorsHeaderParser
{
    /// <summary>Headers above this size are rejected before allocating (the format's own readers use the same cap).</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    public static SafetensorsHeader Read(string path, Stream stream)
    {
        var fileLength = stream.Length;
        if (fileLength < 8)
        {
            throw Bad(path, $"it is {fileLength} bytes long, shorter than the 8-byte header length");
        }
        Span<byte> prefix = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(prefix);
        var headerLength = BitConverter.ToUInt64(prefix);
        if (headerLength > (ulong)MaxHeaderBytes)
        {
            throw Bad(path, $"the header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit");
        }
        if ((long)headerLength > fileLength - 8)
        {
            throw Bad(path, $"the header length {headerLength} runs past the end of the file ({fileLength} bytes; truncated?)");
        }
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(Encoding.UTF8.GetString(headerBytes).TrimEnd(' ', '\0'));
        }
        catch (JsonException e)
        {
            throw Bad(path, $"the header is not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Bad(path, "the header is not a JSON object");
            }
            var metadata = new Dictionary<string, string>();
            var tensors = new Dictionary<string, SafetensorsTensorInfo>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ReadMetadata(path, property.Value, metadata);
                    continue;
                }
                tensors[property.Name] = ReadEntry(path, property.Name, property.Value, dataLength);
            }
            CheckNoOverlap(path, tensors.Values);
            return new SafetensorsHeader(tensors, metadata, dataStart, dataLength);
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path, "__metadata__ must be an object of strings");
        }
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw Bad(path, $"__metadata__.{entry.Name} must be a string");
            }
            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafetensorsTensorInfo ReadEntry(string path, string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array)
        {
            throw Bad(path, $"tensor '{name}' needs \"dtype\" (string), \"shape\" and \"data_offsets\" (arrays)");
        }
        var dtypeName = dtypeElement.GetString()!;
        var dtype = SafetensorsDTypes.Parse(dtypeName)
            ?? throw Bad(path, $"tensor '{name}' has dtype '{dtypeName}'; supported: {string.Join(", ", Enum.GetNames<SafetensorsDType>())}");

        var shape = new long[shapeElement.GetArrayLength()];
        var i = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var d) || d < 0)
            {
                throw Bad(path, $"tensor '{name}' has a shape entry that is not a non-negative integer");
            }
            shape[i++] = d;
        }
        if (offsetsElement.GetArrayLength() != 2
            || !offsetsElement[0].TryGetInt64(out var begin) || !offsetsElement[1].TryGetInt64(out var end))
        {
            throw Bad(path, $"tensor '{name}' has data_offsets that are not two integers");
        }
        if (begin < 0 || end < begin)
        {
            throw Bad(path, $"tensor '{name}' has data_offsets [{begin}, {end}] that are not an ordered range");
        }
        if (end > dataLength)
        {
            throw Bad(path, $"tensor '{name}' has data_offsets [{begin}, {end}] past the end of the data area ({dataLength} bytes; truncated?)");
        }
        var info = new SafetensorsTensorInfo(name, dtype, shape, begin, end);
        long expectedBytes;
        try
        {
            expectedBytes = checked(shape.Aggregate(1L, (n, d) => checked(n * d)) * dtype.ItemSize());
        }
        catch (OverflowException e)
        {
            throw Bad(path, $"tensor '{name}' has an absurd shape [{string.Join(", ", shape)}]", e);
        }
        if (expectedBytes != info.ByteCount)
        {
            throw Bad(path, $"tensor '{name}' has shape [{string.Join(", ", shape)}] of {dtypeName} = {expectedBytes} bytes but data_offsets span {info.ByteCount} bytes");
        }
        return info;
    }

    private static void CheckNoOverlap(string path, IEnumerable<SafetensorsTensorInfo> tensors)
    {
        SafetensorsTensorInfo? previous = null;
        foreach (var tensor in tensors.Where(t => t.ByteCount > 0).OrderBy(t => t.Begin))
        {
            if (previous is not null && tensor.Begin < previous.End)
            {
                throw Bad(path, $"tensors '{previous.Name}' [{previous.Begin}, {previous.End}] and '{tensor.Name}' [{tensor.Begin}, {tensor.End}] overlap");
            }
            previous = tensor;
        }
    }

    private static InputException Bad(string path, string what, Exception? inner = null)
    {
        var message = $"Invalid safetensors file {path}: {what}.";
        return inner is null ? new InputException(message) : new InputException(message, inner);
    }
}
