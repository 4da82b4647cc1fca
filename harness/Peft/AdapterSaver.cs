using System.Text.Json;
using SvDecode.Eval.Models.Safetensors;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft;

/// <summary>Writes a PEFT folder: adapter_config.json (sorted keys, indent 2, as PEFT writes it) and adapter_model.safetensors.</summary>
public static class AdapterSaver
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NewLine = "\n" };

    public static void Save(string directory, IPeftConfig config, IReadOnlyDictionary<string, Tensor> tensors)
    {
        Directory.CreateDirectory(directory);
        var json = config.ToJson();
        var sorted = new System.Text.Json.Nodes.JsonObject();
        foreach (var (key, value) in json.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
        {
            json.Remove(key);
            sorted[key] = value;
        }
        File.WriteAllText(Path.Combine(directory, PeftFiles.ConfigFileName), sorted.ToJsonString(Indented) + "\n");
        using var scope = NewDisposeScope();
        // Saved in float32 on the CPU (PEFT's fixtures and most published adapters), whatever the compute dtype.
        var cpu = tensors.ToDictionary(t => t.Key, t => t.Value.detach().to(ScalarType.Float32).cpu().contiguous(), StringComparer.Ordinal);
        SafetensorsWriter.Save(Path.Combine(directory, PeftFiles.WeightsFileName), cpu, new Dictionary<string, string> { ["format"] = "pt" });
    }
}
