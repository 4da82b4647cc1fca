using System.Text.Json;

namespace SvDecode.Eval.Results;

/// <summary>
/// The run's pre-trained model as a reader of the results needs it: where it was, its architecture, and whether it is
/// the bundled synthetic demo (config.json <c>"svdecode_demo": true</c>), whose numbers say nothing about real models.
/// </summary>
public sealed record ModelSummary(string Path, string? ModelType, bool Synthetic)
{
    public const string DemoConfigKey = "svdecode_demo";

    /// <summary>Reads config.json of a model folder; a missing or unreadable file gives an unknown, non-synthetic model
    /// (the stages that load the model report such problems, not the results).</summary>
    public static ModelSummary Read(string modelDirectory)
    {
        var config = System.IO.Path.Combine(modelDirectory, "config.json");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(config));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ModelSummary(modelDirectory, null, false);
            }
            var type = root.TryGetProperty("model_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var synthetic = root.TryGetProperty(DemoConfigKey, out var d) && d.ValueKind == JsonValueKind.True;
            return new ModelSummary(modelDirectory, type, synthetic);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return new ModelSummary(modelDirectory, null, false);
        }
    }
}
