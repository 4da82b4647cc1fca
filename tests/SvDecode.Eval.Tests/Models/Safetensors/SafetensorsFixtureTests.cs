using System.Text.Json;
using SvDecode.Eval.Models.Safetensors;
using SvDecode.Eval.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Models.Safetensors;

/// <summary>The shared dtypes fixture: the same values stored as F32, F16 and BF16, with their exact float32 widenings.</summary>
public sealed class SafetensorsFixtureTests
{
    private const string File = "fixtures/safetensors/dtypes.safetensors";

    [SharedTheory(File, "fixtures/safetensors/dtypes.json")]
    [InlineData("f32", ScalarType.Float32)]
    [InlineData("f16", ScalarType.Float16)]
    [InlineData("bf16", ScalarType.BFloat16)]
    public void WidensEachDtypeExactly(string name, ScalarType storedAs)
    {
        using var expected = JsonDocument.Parse(System.IO.File.ReadAllText(SharedFiles.Fixture("safetensors", "dtypes.json")));
        var want = expected.RootElement.GetProperty("expected_as_float32").GetProperty(name);
        using var file = SafetensorsFile.Open(SharedFiles.Fixture("safetensors", "dtypes.safetensors"));
        Assert.Equal("pt", file.Metadata["format"]);

        using var native = file.Read(name);
        Assert.Equal(storedAs, native.dtype);
        Assert.Equal(want.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), native.shape);

        using var widened = file.Read(name, ScalarType.Float32);
        var values = widened.reshape(-1).data<float>().ToArray();
        var wanted = want.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(wanted.Length, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            // The JSON keeps 7 significant digits; the widened values are exact, so they agree to that precision.
            Assert.True(Math.Abs(values[i] - wanted[i]) <= 5e-7 * Math.Max(1, Math.Abs(wanted[i])), $"{name}[{i}]: {values[i]} vs {wanted[i]}");
            Assert.Equal(double.IsNegative(wanted[i]), float.IsNegative(values[i])); // −0 stays −0
        }
    }

    [SharedFact(File)]
    public void RewritingReproducesTheStoredBytes()
    {
        var source = SharedFiles.Fixture("safetensors", "dtypes.safetensors");
        var copy = Path.Combine(Path.GetTempPath(), $"dtypes-{Guid.NewGuid():N}.safetensors");
        try
        {
            using (var file = SafetensorsFile.Open(source))
            {
                var tensors = file.Names.ToDictionary(n => n, n => file.Read(n));
                SafetensorsWriter.Save(copy, tensors, file.Metadata);
                foreach (var t in tensors.Values)
                {
                    t.Dispose();
                }
            }
            using var original = SafetensorsFile.Open(source);
            using var rewritten = SafetensorsFile.Open(copy);
            foreach (var name in original.Names)
            {
                Assert.Equal(TensorBytes(source, original.Tensors[name], original), TensorBytes(copy, rewritten.Tensors[name], rewritten));
            }
        }
        finally
        {
            System.IO.File.Delete(copy);
        }
    }

    private static byte[] TensorBytes(string path, SafetensorsTensorInfo info, SafetensorsFile file)
    {
        var all = System.IO.File.ReadAllBytes(path);
        var dataStart = all.Length - file.Tensors.Values.Max(t => t.End);
        return all.AsSpan((int)(dataStart + info.Begin), (int)info.ByteCount).ToArray();
    }
}
