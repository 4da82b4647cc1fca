using System.Reflection;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Architecture;

/// <summary>
/// What DefaultDeviceFinder assumes of TorchSharp's defaults, checked at run time without a GPU on LibTorch's meta
/// device (tensors with a shape and no data): factories default to the CPU, while the *_like and Tensor.new_* families
/// follow their input's device, so the finder flags the first and exempts the second.
/// </summary>
public sealed class TorchSharpDeviceDefaultsTests
{
    private static readonly Device Meta = new(DeviceType.META);

    [Fact]
    public void FactoriesLeftToTheirDefaultMakeCpuTensors()
    {
        Tensor[] made =
        [
            tensor(new[] { 1f, 2f }), zeros(2), ones(2), full(2, 1f), empty(2), arange(3), linspace(0, 1, 3), eye(2),
            rand(2), randn(2), randint(5, [2]), randperm(3), as_tensor(new[] { 1L }), from_array(new[] { 1.0 }),
        ];
        try
        {
            Assert.All(made, t => Assert.Equal(DeviceType.CPU, t.device_type));
        }
        finally
        {
            Array.ForEach(made, t => t.Dispose());
        }
    }

    [Fact]
    public void LikeAndNewFamiliesLeftToTheirDefaultFollowTheInputDevice()
    {
        using var input = empty([2, 3], dtype: ScalarType.Float32, device: Meta);
        var made = new Dictionary<string, Tensor>
        {
            ["torch.zeros_like"] = zeros_like(input),
            ["torch.ones_like"] = ones_like(input),
            ["torch.empty_like"] = empty_like(input),
            ["torch.full_like"] = full_like(input, 1f),
            ["torch.rand_like"] = rand_like(input),
            ["torch.randn_like"] = randn_like(input),
            ["torch.randint_like"] = randint_like(input, 0, 5),
            ["Tensor.zeros_like"] = input.zeros_like(),
            ["Tensor.ones_like"] = input.ones_like(),
            ["Tensor.empty_like"] = input.empty_like(),
            ["Tensor.full_like"] = input.full_like(1f),
            ["Tensor.rand_like"] = input.rand_like(),
            ["Tensor.randn_like"] = input.randn_like(),
            ["Tensor.randint_like"] = input.randint_like(0, 5),
            ["Tensor.new_zeros"] = input.new_zeros(2),
            ["Tensor.new_ones"] = input.new_ones(2),
            ["Tensor.new_empty"] = input.new_empty(2),
            ["Tensor.new_full"] = input.new_full(new long[] { 2 }, 1f),
        };
        try
        {
            Assert.All(made, m => Assert.True(m.Value.device_type == DeviceType.META, $"{m.Key} made a {m.Value.device_type} tensor from a meta one"));
            // Every method the finder exempts is checked here: a TorchSharp update adding one fails until it is.
            Assert.Equal(ExemptMethods().Order(StringComparer.Ordinal), made.Keys.Order(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var t in made.Values)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>TorchSharp's methods with a Device parameter that DefaultDeviceFinder exempts (*_like, Tensor.new_*).</summary>
    private static IEnumerable<string> ExemptMethods()
    {
        (Type Type, string Prefix)[] owners = [(typeof(torch), "torch."), (typeof(Tensor), "Tensor.")];
        return owners.SelectMany(o => o.Type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(Device)))
                .Where(m => m.Name.EndsWith("_like", StringComparison.Ordinal) || o.Type == typeof(Tensor) && m.Name.StartsWith("new_", StringComparison.Ordinal))
                .Select(m => o.Prefix + m.Name))
            .Distinct();
    }
}
