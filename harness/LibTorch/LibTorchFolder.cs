namespace SvDecode.Eval.LibTorch;

/// <summary>
/// A LibTorch folder the user named, checked before anything from it is loaded: it exists, it holds libtorch_cpu.so
/// (itself or its lib/ folder), and it is the LibTorch release this TorchSharp was compiled against.
/// </summary>
/// <param name="LibDirectory">The folder holding libtorch_cpu.so, as a full path.</param>
/// <param name="Version">The release the folder is.</param>
/// <param name="VersionSource">Where <paramref name="Version"/> came from: a version file's path, or the setting that stated it.</param>
/// <param name="HasCuda">Whether the folder holds libtorch_cuda.so (a CUDA build).</param>
public sealed record LibTorchFolder(string LibDirectory, LibTorchVersion Version, string VersionSource, bool HasCuda)
{
    public const string CpuLibrary = "libtorch_cpu.so";
    public const string CudaLibrary = "libtorch_cuda.so";

    /// <summary>Checks the setting's folder against the release TorchSharp needs; every problem is an InputException naming the folder.</summary>
    public static LibTorchFolder Open(LibTorchSetting setting, LibTorchVersion required)
    {
        var given = Path.GetFullPath(setting.Path);
        if (!Directory.Exists(given))
        {
            throw new InputException($"{setting.Describe()}: the folder {given} does not exist.");
        }
        var lib = new[] { given, Path.Combine(given, "lib") }.FirstOrDefault(d => File.Exists(Path.Combine(d, CpuLibrary)))
            ?? throw new InputException(
                $"{setting.Describe()}: not a LibTorch folder: there is no {CpuLibrary} in {given} or in {Path.Combine(given, "lib")}. " +
                "Name the lib folder of a LibTorch download or of a PyTorch installation (…/site-packages/torch/lib); docs/gpu.md.");
        var (version, source) = ReadVersion(setting, lib, required);
        if (!version.SameRelease(required))
        {
            throw new InputException(
                $"{setting.Describe()}: {lib} is LibTorch {version} (from {source}), but this svdecode-eval needs LibTorch {required.Release} " +
                $"(TorchSharp {TorchSharpBuild.Version} is compiled against it): install PyTorch {required.Release} or a LibTorch {required.Release} download and name its lib folder.");
        }
        return new LibTorchFolder(lib, version, source, File.Exists(Path.Combine(lib, CudaLibrary)));
    }

    private static (LibTorchVersion Version, string Source) ReadVersion(LibTorchSetting setting, string lib, LibTorchVersion required)
    {
        var file = LibTorchVersionFile.Find(lib);
        LibTorchVersion? stated = null;
        if (setting.StatedVersion is { } text)
        {
            stated = LibTorchVersion.TryParse(text, out var parsed) ? parsed
                : throw new InputException($"{setting.StatedVersionSource ?? LibTorchSetting.VersionOption} '{text}' is not a LibTorch version (expected major.minor.patch, e.g. {required.Release}).");
        }
        if (file is not null)
        {
            if (stated is { } s && !s.SameRelease(file.Version))
            {
                throw new InputException($"{setting.Describe()}: {setting.StatedVersionSource ?? LibTorchSetting.VersionOption} says {s}, but {file.Path} says {file.Version}.");
            }
            return (file.Version, file.Path);
        }
        if (stated is { } given)
        {
            return (given, setting.StatedVersionSource ?? LibTorchSetting.VersionOption);
        }
        var parent = Directory.GetParent(lib)?.FullName ?? lib;
        throw new InputException(
            $"{setting.Describe()}: no version file beside {lib} (neither {Path.Combine(parent, LibTorchVersionFile.BuildVersion)} nor " +
            $"{Path.Combine(parent, LibTorchVersionFile.VersionPy)}), so its release cannot be checked against the LibTorch {required.Release} this svdecode-eval needs. " +
            $"If you know it is {required.Release}, say so with {LibTorchSetting.VersionOption} {required.Release} (or {LibTorchSetting.VersionVariable}={required.Release}).");
    }
}
