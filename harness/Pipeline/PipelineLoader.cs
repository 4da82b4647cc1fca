using System.Security.Cryptography;
using System.Text;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Pipeline.Yaml;
using SvDecode.Eval.Platform;

namespace SvDecode.Eval.Pipeline;

/// <summary>Reads, overrides, binds and validates a pipeline file. Loads no model and no data.</summary>
public static class PipelineLoader
{
    /// <summary>Every problem of the file (empty when valid), and the document when it is valid.</summary>
    public static (PipelineDocument? Document, IReadOnlyList<Diagnostic> Diagnostics) Validate(
        string path, IReadOnlyList<string> overrides, PipelineCatalog catalog)
    {
        var fullPath = Path.GetFullPath(path);
        var diagnostics = new DiagnosticBag();
        var fileMark = new SourceMark(path, 1, 1);
        if (Directory.Exists(fullPath))
        {
            diagnostics.Add(fileMark, "this is a folder; give the path of a pipeline .yaml file");
            return (null, diagnostics.Sorted());
        }
        try
        {
            InputPath.RequireReadableFile(fullPath, "pipeline file", notFound: "pipeline file not found");
        }
        catch (InputException ex)
        {
            diagnostics.Add(fileMark, ex.Message);
            return (null, diagnostics.Sorted());
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(fileMark, "cannot read the pipeline file: " + ex.Message);
            return (null, diagnostics.Sorted());
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            diagnostics.Add(fileMark, $"the pipeline file is not valid UTF-8 (byte {ex.Index})");
            return (null, diagnostics.Sorted());
        }
        var root = YamlTreeReader.Read(text.TrimStart('\uFEFF'), path, diagnostics);
        if (diagnostics.HasErrors)
        {
            return (null, diagnostics.Sorted());
        }
        foreach (var item in overrides)
        {
            root = OverrideApplier.Apply(root, item, diagnostics);
        }
        var locations = new SpecLocations(fileMark);
        var spec = new SpecBinder(diagnostics, locations).Bind<PipelineSpec>(root);
        if (spec is null)
        {
            return (null, diagnostics.Sorted());
        }
        // References are checked on the partly bound spec too, so one pass reports every problem of the file.
        var document = new PipelineDocument(spec, fullPath, Convert.ToHexStringLower(SHA256.HashData(bytes)), overrides, locations);
        PipelineReferenceValidator.Check(document, catalog, diagnostics);
        return diagnostics.HasErrors ? (null, diagnostics.Sorted()) : (document, []);
    }

    /// <summary>Loads a valid pipeline or throws <see cref="PipelineValidationException"/> listing every problem.</summary>
    public static PipelineDocument Load(string path, IReadOnlyList<string> overrides, PipelineCatalog catalog)
    {
        var (document, diagnostics) = Validate(path, overrides, catalog);
        return document ?? throw new PipelineValidationException(diagnostics);
    }
}
