using System.Runtime.InteropServices;
using SvDecode.Eval.Platform;
using TorchSharp;

namespace SvDecode.Eval.LibTorch;

/// <summary>
/// oneMKL, linked into LibTorch's CPU library, runs its tuned AVX-512 and AVX2 kernels only where
/// <c>mkl_serv_intel_cpu_true()</c> says the CPU is an Intel one; on AMD it takes slower generic paths. Measured on an
/// AMD EPYC (Zen 5, AVX-512, 2 threads): fp32 1024³ products at 160–175 GFLOP/s instead of 360, and a two-row product
/// streaming its weight at half the speed of a one-row one (docs/performance.md). The vendor test is the only thing
/// between AMD and the fast kernels — which kernels run is still chosen from the CPU's own feature flags — so on AMD
/// this replaces the first bytes of that one exported function with <c>return 1</c>, in this process only, before
/// LibTorch's first product (oneMKL caches its choice on first use).
/// <para>Left alone where it does not apply or is not wanted: a CPU that is not AMD, a LibTorch without oneMKL,
/// <c>MKL_CBWR</c> set (MKL's reproducible code path, which the nightly uses), or
/// <c>SVDECODE_MKL_VENDOR_CHECK=keep</c>.</para>
/// </summary>
public static class MklVendorCheck
{
    /// <summary>Set to <c>keep</c> to leave oneMKL's vendor test as it is.</summary>
    public const string OptOutVariable = "SVDECODE_MKL_VENDOR_CHECK";

    private const string Symbol = "mkl_serv_intel_cpu_true";

    // mov eax, 1; ret
    private static readonly byte[] ReturnOne = [0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3];

    private static readonly Lazy<string> Outcome = new(Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Applies the bypass once per process (LibTorch is loaded first if it is not yet) and says what was done, for the run
    /// manifest and the bench report: "bypassed: …", "kept: …" or "not applicable: …". Call before LibTorch's first product.
    /// </summary>
    public static string EnsureApplied() => Outcome.Value;

    private static string Apply()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return "not applicable: oneMKL's vendor test is bypassed on Linux x64 only";
        }
        var vendor = MachineProbe.CpuVendor();
        if (vendor != "AuthenticAMD")
        {
            return $"not applicable: {vendor} CPU";
        }
        if (Environment.GetEnvironmentVariable("MKL_CBWR") is { Length: > 0 } cbwr)
        {
            return $"kept: MKL_CBWR={cbwr} asks for oneMKL's reproducible code path";
        }
        if (string.Equals(Environment.GetEnvironmentVariable(OptOutVariable), "keep", StringComparison.OrdinalIgnoreCase))
        {
            return $"kept: {OptOutVariable}=keep";
        }
        torch.InitializeDeviceType(DeviceType.CPU);
        var library = MappedCpuLibrary();
        if (library is null)
        {
            return $"not applicable: no {LibTorchFolder.CpuLibrary} is mapped";
        }
        var handle = NativeLibrary.Load(library);
        if (!NativeLibrary.TryGetExport(handle, Symbol, out var function))
        {
            return $"not applicable: {library} has no oneMKL ({Symbol} is not exported)";
        }
        return Patch(function) is { } failure ? $"kept: {failure}" : "bypassed: oneMKL uses its Intel code paths on this AMD CPU";
    }

    /// <summary>Overwrites the function's first bytes; null when it then returns 1, else why not.</summary>
    private static string? Patch(IntPtr function)
    {
        var call = Marshal.GetDelegateForFunctionPointer<IntFunction>(function);
        if (call() == 1)
        {
            return null;
        }
        var pageSize = Environment.SystemPageSize;
        var first = function & ~(nint)(pageSize - 1);
        var length = (nuint)((function + ReturnOne.Length - first + pageSize - 1) / pageSize * pageSize);
        if (MProtect(first, length, ProtRead | ProtWrite | ProtExec) != 0)
        {
            return $"mprotect refused to make {Symbol} writable (errno {Marshal.GetLastPInvokeError()})";
        }
        Marshal.Copy(ReturnOne, 0, function, ReturnOne.Length);
        _ = MProtect(first, length, ProtRead | ProtExec);
        return call() == 1 ? null : $"{Symbol} still returns 0 after the patch";
    }

    /// <summary>Calls the exported function once more after the patch, as the self-check; a test reads it the same way.</summary>
    public static int IntelCpuTrue()
    {
        var library = MappedCpuLibrary() ?? throw new InvalidOperationException($"no {LibTorchFolder.CpuLibrary} is mapped");
        return Marshal.GetDelegateForFunctionPointer<IntFunction>(NativeLibrary.GetExport(NativeLibrary.Load(library), Symbol))();
    }

    /// <summary>The libtorch_cpu.so this process loaded (the bundled one or a <c>--libtorch</c> folder's), or null.</summary>
    private static string? MappedCpuLibrary() =>
        MappedLibraries.LibTorch().FirstOrDefault(p => Path.GetFileName(p) == LibTorchFolder.CpuLibrary);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int IntFunction();

    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int ProtExec = 4;

    [DllImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static extern int MProtect(IntPtr address, nuint length, int protection);
}
