using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace SvDecode.Eval.Tests.Architecture;

/// <summary>
/// Every tensor the harness creates follows the model's device (docs/architecture: "every tensor is created on the
/// model's device"). Without a GPU this is checked in the code: the harness's sources are compiled with Roslyn and
/// every call that leaves a TorchSharp Device parameter to its default (the CPU) fails here, naming file and line.
/// </summary>
public sealed class DeviceExplicitnessTests
{
    private const string Advice =
        "Pass device: <the model's device> where the tensor meets model tensors (a session's or DeferredLogits' Device, " +
        "model.parameters().First().device, or the device of the tensor it is combined with), or device: CPU where the CPU is " +
        "intended (reading files, seeded draws that are moved afterwards, results read back), so the intent is visible. " +
        "TorchSharp's *_like and Tensor.new_* follow their input's device and need nothing.";

    [Fact]
    public void TheHarnessSourcesCompileWithoutErrors() => AssertCompiles();

    [Fact]
    public void EveryTensorCreationSiteNamesItsDevice()
    {
        AssertCompiles();
        var compilation = HarnessCompilation.Instance;

        var sites = DefaultDeviceFinder.Find(compilation, compilation.SyntaxTrees);

        Assert.True(sites.Count == 0,
            $"{sites.Count} call(s) in harness/ leave the device to TorchSharp's default, the CPU, which breaks (or silently slows) a CUDA model:\n  "
            + string.Join("\n  ", sites) + "\n" + Advice);
    }

    [Fact]
    public void TheCheckCatchesEveryWayOfLeavingTheDeviceOutAndNothingElse()
    {
        AssertCompiles();
        // Each line marked "caught" must be reported, and no other line.
        const string Probe = """
            using SvDecode.Eval.Decoding;
            using TorchSharp;
            using static TorchSharp.torch;

            namespace SvDecode.Eval.DeviceProbe;

            internal static class Probe
            {
                public static void Sites(Tensor hidden)
                {
                    using var a = zeros(3); // caught: a factory
                    using var b = torch.tensor(new[] { 1L, 2L }, ScalarType.Int64); // caught: another factory, qualified
                    using var c = arange(4, device: null); // caught: an explicit null
                    using var g = new Generator(7); // caught: a constructor
                    var (ids, mask) = PromptBatch.LeftPadded([[1, 2]]); // caught: the harness's own helper
                    var make = Make;
                    using var e = make(3); // caught: through a delegate that keeps the default
                    using var d = hidden.mul(
                        ones(3)); // caught: nested, on its own line

                    using var ok1 = zeros(3, device: hidden.device);
                    using var ok2 = randn([2], generator: new Generator(1, device: CPU), device: CPU);
                    using var ok3 = zeros_like(hidden);
                    using var ok4 = hidden.new_ones(2);
                    using var ok5 = hidden.randn_like();
                    using var ok6 = Make(2, hidden.device);
                    Func<long, Device?, Tensor> bound = Make;
                    var (ids2, mask2) = PromptBatch.RightPadded([[1, 2]], hidden.device);
                }

                private static Tensor Make(long n, Device? device = null) => zeros(n, device: device ?? CPU);
            }
            """;
        var compilation = HarnessCompilation.Instance.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText(Probe, HarnessCompilation.ParseOptions, path: Path.Combine(HarnessCompilation.Root, "DeviceProbe.cs")));
        var probe = compilation.SyntaxTrees.Last();
        Assert.DoesNotContain(compilation.GetSemanticModel(probe).GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

        var sites = DefaultDeviceFinder.Find(compilation, [probe]);

        var marked = Probe.Split('\n').Select((line, i) => (line, Number: i + 1)).Where(l => l.line.Contains("// caught", StringComparison.Ordinal)).Select(l => l.Number);
        Assert.Equal(marked, sites.Select(s => s.Line));
        Assert.All(sites, s => Assert.Equal("harness/DeviceProbe.cs", s.File));
        Assert.Contains(sites, s => s.Method.StartsWith("PromptBatch.LeftPadded", StringComparison.Ordinal) && s.Parameter == "device");
    }

    /// <summary>
    /// The check reads only code that binds: with unresolved types or overloads (a missing reference, a global using the
    /// test does not add) calls would bind to nothing and pass unseen, so every test here first requires no errors.
    /// </summary>
    private static void AssertCompiles()
    {
        var errors = HarnessCompilation.InstanceErrors;
        Assert.True(errors.Count == 0, $"The harness's sources did not compile as the test compiles them ({errors.Count} errors):\n"
            + string.Join('\n', errors.Take(30).Select(e => e.ToString())));
    }
}
