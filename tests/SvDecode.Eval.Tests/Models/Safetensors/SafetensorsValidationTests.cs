using System.Buffers.Binary;
using System.Text;
using SvDecode.Eval.Models.Safetensors;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Models.Safetensors;

/// <summary>Malformed files are InputExceptions that name the file; well-formed ones round-trip through the writer.</summary>
public sealed class SafetensorsValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("svdecode-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteRaw(string name, string header, int dataBytes, ulong? declaredLength = null)
    {
        var path = Path.Combine(_dir, name);
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + headerBytes.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)headerBytes.Length);
        headerBytes.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static TheoryData<string, string, int, string> Malformed => new()
    {
        { "truncated", """{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}""", 12, "past the end" },
        { "overlap", """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "overlap" },
        { "past-end", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[100,104]}}""", 8, "past the end" },
        { "wrong-dtype", """{"a":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[0,4]}}""", 4, "F8_E4M3" },
        { "shape-mismatch", """{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}}""", 20, "24 bytes" },
        { "negative-shape", """{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4, "non-negative" },
        { "reversed-offsets", """{"a":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}}""", 4, "ordered" },
        { "not-json", """{"a": [1, 2""", 0, "not valid JSON" },
        { "not-object", """[1,2,3]""", 0, "not a JSON object" },
        { "bad-metadata", """{"__metadata__":{"format":1}}""", 0, "__metadata__" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedHeaderIsAnInputExceptionNamingTheFile(string name, string header, int dataBytes, string reason)
    {
        var path = WriteRaw(name + ".safetensors", header, dataBytes);
        var error = Assert.Throws<InputException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Contains(path, error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void AbsurdHeaderLengthIsRejectedBeforeAllocating()
    {
        var path = WriteRaw("absurd.safetensors", "{}", 0, declaredLength: 1UL << 40);
        var error = Assert.Throws<InputException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Contains(path, error.Message);
        Assert.Contains("limit", error.Message);
    }

    [Fact]
    public void HeaderLengthBeyondTheFileIsRejected()
    {
        var path = WriteRaw("short.safetensors", "{}", 0, declaredLength: 4096);
        var error = Assert.Throws<InputException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Contains(path, error.Message);
        Assert.Contains("past the end of the file", error.Message);
    }

    [Fact]
    public void FileShorterThanTheLengthPrefixIsRejected()
    {
        var path = Path.Combine(_dir, "tiny.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Contains(path, Assert.Throws<InputException>(() => SafetensorsFile.Open(path).Dispose()).Message);
    }

    [Fact]
    public void WriterRoundTripsEveryDtypeWithMetadata()
    {
        var path = Path.Combine(_dir, "all.safetensors");
        float[] floats = [0f, -0f, 1.5f, -2.25f, 65504f, 1e-3f];
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = tensor(floats, [2, 3]),
            ["f64"] = tensor(new double[] { Math.PI, -1e300 }),
            ["f16"] = tensor(floats).to(ScalarType.Float16),
            ["bf16"] = tensor(floats).to(ScalarType.BFloat16),
            ["i64"] = tensor(new long[] { long.MinValue, 7 }),
            ["i32"] = tensor(new int[] { -5, int.MaxValue }),
            ["i16"] = tensor(new short[] { -300, 300 }),
            ["i8"] = tensor(new int[] { -128, 127 }).to(ScalarType.Int8),
            ["u8"] = tensor(new byte[] { 0, 255 }),
            ["bool"] = tensor(new[] { true, false, true }),
            ["empty"] = zeros(0, 4),
        };
        SafetensorsWriter.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path).AsSpan(0, 8));
        Assert.Equal(0UL, headerLength % 8);

        using var file = SafetensorsFile.Open(path);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(tensors.Keys.Order(), file.Names.Order());
        foreach (var (name, original) in tensors)
        {
            using var read = file.Read(name);
            Assert.Equal(original.dtype, read.dtype);
            Assert.Equal(original.shape, read.shape);
            Assert.True(original.eq(read).all().item<bool>(), name);
            original.Dispose();
        }
        Assert.Equal(SafetensorsDType.BF16, file.Info("bf16").DType);
    }

    [Fact]
    public void MissingShardIsNamed()
    {
        var shardPath = Path.Combine(_dir, "model-00001-of-00002.safetensors");
        using (var t = ones(2))
        {
            SafetensorsWriter.Save(shardPath, new Dictionary<string, Tensor> { ["a"] = t });
        }
        File.WriteAllText(Path.Combine(_dir, "model.safetensors.index.json"),
            """{"metadata": {}, "weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}""");
        var error = Assert.Throws<InputException>(() => ShardedCheckpoint.Open(_dir).Dispose());
        Assert.Contains("model-00002-of-00002.safetensors", error.Message);
    }

    [Fact]
    public void IndexPointingAtTheWrongShardIsNamed()
    {
        using (var t = ones(2))
        {
            SafetensorsWriter.Save(Path.Combine(_dir, "s1.safetensors"), new Dictionary<string, Tensor> { ["a"] = t });
        }
        File.WriteAllText(Path.Combine(_dir, "model.safetensors.index.json"), """{"weight_map": {"a": "s1.safetensors", "zz": "s1.safetensors"}}""");
        var error = Assert.Throws<InputException>(() => ShardedCheckpoint.Open(_dir).Dispose());
        Assert.Contains("'zz'", error.Message);
        Assert.Contains("s1.safetensors", error.Message);
    }
}
