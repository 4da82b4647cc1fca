using System.Reflection;
using System.Runtime.Loader;

namespace SvDecode.Eval.LibTorch;

/// <summary>
/// Runs a command with a LibTorch folder the user chose (<c>--libtorch</c>, docs/gpu.md): checks the folder, loads its
/// libraries, then calls the command line's entry point again inside a <see cref="LibTorchLoadContext"/>, where
/// TorchSharp uses the folder's LibTorch instead of the CPU LibTorch beside the tool. Reports on stderr which LibTorch it
/// loaded and, when the command is done, every LibTorch file the process mapped.
/// </summary>
public static class LibTorchLauncher
{
    /// <summary>AppContext key whose value names the LibTorch in use ("2.10.0+cu128 (/x/torch/lib)"), for the results manifest.</summary>
    public const string AppContextKey = "SvDecode.Eval.LibTorch";

    private static readonly Type[] EntryParameters = [typeof(string[]), typeof(TextWriter), typeof(TextWriter)];

    /// <summary>True inside the context <see cref="RunAsync"/> made: the chosen LibTorch is in use and must not be applied again.</summary>
    public static bool IsActive => AssemblyLoadContext.GetLoadContext(typeof(LibTorchLauncher).Assembly)?.Name == LibTorchLoadContext.ContextName;

    /// <summary>
    /// Loads the setting's folder and runs <paramref name="entry"/> (a static <c>Task&lt;int&gt; (string[] args, TextWriter
    /// output, TextWriter error)</c>) in a context whose TorchSharp uses it. Problems with the folder are InputExceptions.
    /// </summary>
    public static async Task<int> RunAsync(LibTorchSetting setting, MethodInfo entry, string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(error);
        if (!entry.IsStatic || entry.ReturnType != typeof(Task<int>) || !entry.GetParameters().Select(p => p.ParameterType).SequenceEqual(EntryParameters)
            || entry.DeclaringType?.FullName is not { } typeName)
        {
            throw new ArgumentException($"{entry.Name} is not a static Task<int> (string[], TextWriter, TextWriter) method of a named type.", nameof(entry));
        }
        var folder = LibTorchFolder.Open(setting, TorchSharpBuild.RequiredLibTorch);
        var entryAssembly = entry.DeclaringType.Assembly.Location;
        var resolver = new AssemblyDependencyResolver(entryAssembly);
        var libTorchSharp = resolver.ResolveUnmanagedDllToPath("LibTorchSharp")
            ?? throw new InvalidOperationException($"{entryAssembly}: its deps.json lists no LibTorchSharp native library.");
        var loaded = LibTorchLoader.Load(folder, libTorchSharp, setting.Describe());

        AppContext.SetData(AppContextKey, $"{folder.Version} ({folder.LibDirectory})");
        var cuda = folder.HasCuda ? "with CUDA libraries" : "CPU only: no libtorch_cuda.so";
        await error.WriteLineAsync($"libtorch: LibTorch {folder.Version} from {folder.LibDirectory} ({cuda}; version from {folder.VersionSource})");

        var context = new LibTorchLoadContext(resolver, loaded);
        var method = context.LoadFromAssemblyPath(entryAssembly).GetType(typeName, throwOnError: true)!
            .GetMethod(entry.Name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, EntryParameters)!;
        var code = await (Task<int>)method.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, [args, output, error], culture: null)!;

        await error.WriteLineAsync($"libtorch: mapped {string.Join(", ", MappedLibraries.LibTorch())}; LibTorchSharp {loaded.LibTorchSharpPath}");
        return code;
    }
}
