using SvDecode.Eval.Models.Safetensors;
using SvDecode.Eval.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Models.Safetensors;

/// <summary>
/// <see cref="SafetensorsFile.ReadInto"/> (the loader's path: straight into a parameter's memory) gives exactly what
/// <see cref="SafetensorsFile.Read"/> gives, for every float dtype, across staging-chunk boundaries, and into
/// destinations it must convert for.
/// </summary>
public sealed class SafetensorsReadIntoTests
{
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void ReadIntoAFloat32TensorEqualsReadAcrossChunkBoundaries(ScalarType stored)
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("w.safetensors");
        // 2.5 staging chunks (2^20 elements each), so the last chunk is partial and offsets matter.
        using var values = randn(5, 524_288, generator: new TorchSharp.torch.Generator(7)).to(stored);
        SafetensorsWriter.Save(path, new Dictionary<string, Tensor> { ["w"] = values });
        using var file = SafetensorsFile.Open(path);

        using var destination = full(5, 524_288, float.NaN);
        file.ReadInto("w", destination);
        using var expected = file.Read("w", ScalarType.Float32);
        Assert.True(destination.eq(expected).all().item<bool>());
        Assert.True(destination.eq(values.to(ScalarType.Float32)).all().item<bool>());
    }

    /// <summary>A half-precision model reads through the same reused staging (no tensor-sized temporary), with the same
    /// rounding as converting the stored values directly.</summary>
    [Theory]
    [InlineData(ScalarType.Float32, ScalarType.BFloat16)]
    [InlineData(ScalarType.BFloat16, ScalarType.BFloat16)]
    [InlineData(ScalarType.Float16, ScalarType.BFloat16)]
    [InlineData(ScalarType.Float32, ScalarType.Float16)]
    [InlineData(ScalarType.Float16, ScalarType.Float16)]
    public void ReadIntoAHalfPrecisionTensorEqualsTheConvertedValuesAcrossChunkBoundaries(ScalarType stored, ScalarType loaded)
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("w.safetensors");
        using var values = randn(5, 524_288, generator: new TorchSharp.torch.Generator(11)).to(stored);
        SafetensorsWriter.Save(path, new Dictionary<string, Tensor> { ["w"] = values });
        using var file = SafetensorsFile.Open(path);

        using var destination = zeros(5, 524_288, dtype: loaded);
        file.ReadInto("w", destination);
        using var expected = values.to(ScalarType.Float32).to(loaded);
        Assert.True(destination.eq(expected).all().item<bool>());
    }

    /// <summary>
    /// Loading allocates nothing managed per chunk: a per-chunk array (4 MiB on the large-object heap) left ~140 MiB
    /// committed beside Qwen2.5-0.5B's bfloat16 weights. 8 chunks here would allocate 32 MiB that way; the reused
    /// staging allocates the two 4 MiB buffers once, on the first tensor, and nothing for the second.
    /// </summary>
    [Theory]
    [InlineData(ScalarType.BFloat16, ScalarType.BFloat16)]
    [InlineData(ScalarType.Float32, ScalarType.BFloat16)]
    [InlineData(ScalarType.BFloat16, ScalarType.Float32)]
    public void ReadingIntoAParameterAllocatesNoManagedMemoryPerChunk(ScalarType stored, ScalarType loaded)
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("w.safetensors");
        using var a = randn(8, 1 << 20, generator: new TorchSharp.torch.Generator(3)).to(stored);
        using var b = randn(8, 1 << 20, generator: new TorchSharp.torch.Generator(4)).to(stored);
        SafetensorsWriter.Save(path, new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b });
        using var file = SafetensorsFile.Open(path);
        using var first = zeros(8, 1 << 20, dtype: loaded);
        using var second = zeros(8, 1 << 20, dtype: loaded);

        file.ReadInto("a", first);                                  // allocates the staging buffers
        var before = GC.GetAllocatedBytesForCurrentThread();
        file.ReadInto("b", second);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 256 * 1024, $"reading 8 chunks allocated {allocated:N0} managed bytes");
        using var expected = b.to(ScalarType.Float32).to(loaded);
        Assert.True(second.eq(expected).all().item<bool>());
    }

    [Fact]
    public void OtherDestinationsAreConvertedAndAWrongSizeIsRefused()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("w.safetensors");
        using var values = arange(12, dtype: ScalarType.Float32).reshape(3, 4);
        SafetensorsWriter.Save(path, new Dictionary<string, Tensor> { ["w"] = values });
        using var file = SafetensorsFile.Open(path);

        using var bf16 = zeros(3, 4, dtype: ScalarType.BFloat16);
        file.ReadInto("w", bf16);
        Assert.True(bf16.to(ScalarType.Float32).eq(values).all().item<bool>());

        using var transposed = zeros(4, 3).t();                      // (3, 4), not contiguous
        file.ReadInto("w", transposed);
        Assert.True(transposed.eq(values).all().item<bool>());

        using var wrong = zeros(5);
        var error = Assert.Throws<ArgumentException>(() => file.ReadInto("w", wrong));
        Assert.Contains("12 elements", error.Message, StringComparison.Ordinal);
    }
}
