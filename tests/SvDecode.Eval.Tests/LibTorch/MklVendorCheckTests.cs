using System.Text.Json;
using SvDecode.Eval.LibTorch;
using SvDecode.Eval.Platform;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.LibTorch;

/// <summary>
/// oneMKL's vendor test: bypassed on AMD (the fast kernels), left alone elsewhere and where the user asks for MKL's
/// reproducible path. That the bypassed kernels compute what the reference implementation computes is what every
/// fixture test checks: the test process runs them (CpuKernelsSetup).
/// </summary>
public sealed class MklVendorCheckTests
{
    private static bool IsAmd => MachineProbe.CpuVendor() == "AuthenticAMD";

    [Fact]
    public void TheTestProcessRunsTheKernelsTheToolRuns()
    {
        var outcome = MklVendorCheck.EnsureApplied();

        if (IsAmd && Environment.GetEnvironmentVariable("MKL_CBWR") is null && Environment.GetEnvironmentVariable(MklVendorCheck.OptOutVariable) is null)
        {
            Assert.StartsWith("bypassed:", outcome, StringComparison.Ordinal);
            Assert.Equal(1, MklVendorCheck.IntelCpuTrue()); // the patched function answers "Intel" from now on
        }
        else if (!IsAmd)
        {
            Assert.Equal($"not applicable: {MachineProbe.CpuVendor()} CPU", outcome);
        }
        Assert.Same(outcome, MklVendorCheck.EnsureApplied()); // once per process
    }

    [Theory]
    [InlineData("MKL_CBWR", "AVX2", "kept: MKL_CBWR=AVX2")]
    [InlineData(MklVendorCheck.OptOutVariable, "keep", "kept: SVDECODE_MKL_VENDOR_CHECK=keep")]
    public async Task LeftAloneWhereTheUserAsksForIt(string variable, string value, string expectedOnAmd)
    {
        using var temp = new TempDirectory();
        var json = temp.Combine("bench.json");
        using var tool = ToolProcess.StartWith(new Dictionary<string, string?> { [variable] = value },
            "bench", "--suite", "smoke", "--measure", "prefill", "--json", json, "--models", temp.Combine("models"));
        Assert.True(await tool.WaitForExitAsync(TimeSpan.FromMinutes(3)), tool.Stderr);
        Assert.True(tool.ExitCode == 0, tool.Stderr);

        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var machine = report.RootElement.GetProperty("machine");
        var outcome = machine.GetProperty("mkl_vendor_check").GetString()!;
        Assert.StartsWith(IsAmd ? expectedOnAmd : "not applicable:", outcome, StringComparison.Ordinal);
        Assert.Equal(MachineProbe.CpuVendor(), machine.GetProperty("cpu_vendor").GetString());
        Assert.Contains(outcome, tool.Stdout, StringComparison.Ordinal);
    }
}
