using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SvDecode.Eval.Tests.Support;

namespace SvDecode.Eval.Tests.Architecture;

/// <summary>
/// The harness's own sources (harness/**/*.cs, without obj/ and bin/) compiled with Roslyn as its project compiles them,
/// so tests can check rules over every line of the library with the semantic model rather than by text search.
/// </summary>
internal static class HarnessCompilation
{
    /// <summary>The global usings ImplicitUsings gives a class library (Microsoft.NET.Sdk); Directory.Build.props adds none.</summary>
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>harness/SvDecode.Eval.Harness.csproj references ScottPlot under this alias (its polyfills clash with the BCL's).</summary>
    private const string ScottPlotAlias = "ScottPlotPackage";

    private static readonly Lazy<CSharpCompilation> Shared = new(() => Create());

    private static readonly Lazy<IReadOnlyList<Diagnostic>> SharedErrors = new(() => Errors(Shared.Value));

    public static string Root => Path.Combine(SharedFiles.RepositoryRoot, "harness");

    /// <summary>The harness compiled once per test run.</summary>
    public static CSharpCompilation Instance => Shared.Value;

    /// <summary><see cref="Errors"/> of <see cref="Instance"/>, found once (binding every body takes seconds).</summary>
    public static IReadOnlyList<Diagnostic> InstanceErrors => SharedErrors.Value;

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.None);

    /// <summary>The harness's sources plus <paramref name="extraSources"/> (name → text), e.g. a probe that must be caught.</summary>
    public static CSharpCompilation Create(params (string Name, string Text)[] extraSources)
    {
        var sources = Directory.EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(Root, path)))
            .Order(StringComparer.Ordinal)
            .Select(path => (Name: path, Text: File.ReadAllText(path)))
            .Concat(extraSources.Select(s => (Name: Path.Combine(Root, s.Name), s.Text)));
        var globalUsings = string.Concat(ImplicitUsings.Select(u => $"global using global::{u};\n"));
        SyntaxTree[] trees =
        [
            CSharpSyntaxTree.ParseText(globalUsings, ParseOptions, path: Path.Combine(Root, "obj", "ImplicitUsings.g.cs")),
            .. sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, path: s.Name)),
        ];
        return CSharpCompilation.Create(
            "SvDecode.Eval.Harness",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>
    /// Errors of the compilation, less those a source generator the real build runs would remove: a partial
    /// [GeneratedRegex] member has no body until the regex generator writes it.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Errors(Compilation compilation) =>
        [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !IsGeneratedRegexStub(d))];

    /// <summary>A path relative to the repository root, with forward slashes, for messages.</summary>
    public static string RelativePath(string path) =>
        Path.GetRelativePath(SharedFiles.RepositoryRoot, path).Replace(Path.DirectorySeparatorChar, '/');

    private static bool IsBuildOutput(string relative)
    {
        var first = relative.Split(Path.DirectorySeparatorChar)[0];
        return first is "obj" or "bin";
    }

    private static bool IsGeneratedRegexStub(Diagnostic diagnostic)
    {
        // CS8795: partial method without an implementation; CS9248: partial property without one.
        if (diagnostic.Id is not ("CS8795" or "CS9248") || diagnostic.Location.SourceTree is not { } tree)
        {
            return false;
        }
        var member = tree.GetRoot().FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MemberDeclarationSyntax>();
        return member is not null && member.AttributeLists.SelectMany(l => l.Attributes)
            .Any(a => a.Name.ToString() is "GeneratedRegex" or "GeneratedRegexAttribute");
    }

    /// <summary>
    /// The framework (the trusted platform assemblies) and every package assembly beside the tests (TorchSharp,
    /// YamlDotNet, ...), one file per assembly name, without the project's own assemblies (the sources stand for the
    /// harness) and without files that are not .NET assemblies.
    /// </summary>
    private static IReadOnlyList<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var beside = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll");
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in platform.Concat(beside))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!name.StartsWith("SvDecode.Eval", StringComparison.OrdinalIgnoreCase) && !byName.ContainsKey(name) && IsManagedAssembly(path))
            {
                byName[name] = path;
            }
        }
        return [.. byName.Select(p => MetadataReference.CreateFromFile(
            p.Value,
            p.Key.Equals("ScottPlot", StringComparison.OrdinalIgnoreCase) ? new MetadataReferenceProperties(aliases: [ScottPlotAlias]) : default))];
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            return pe.HasMetadata && pe.GetMetadataReader().IsAssembly;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
