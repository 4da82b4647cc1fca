using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Layers;
using SvDecode.Eval.Models.Safetensors;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Writes a Hugging Face folder with a real checkpoint's config.json, seeded random weights in the chosen dtype and a
/// tokenizer copied from another folder: the real shapes without the real weights (which cannot be downloaded here).
/// The weights are produced and written one tensor at a time, so writing an 8B folder needs one tensor of memory.
/// </summary>
public static class PaperScaleFolder
{
    public static string Write(string directory, PaperScaleModel shape, ScalarType dtype, string? tokenizerDirectory, int seed = 20261205)
    {
        var config = ModelConfigParser.Parse(shape.ConfigJson, $"{shape.Name} config.json");
        Directory.CreateDirectory(directory);
        var weightsPath = Path.Combine(directory, "model.safetensors");
        using (var meta = CausalLanguageModelFactory.Create(config, ParameterFactory.Meta()))
        {
            var entries = meta.named_parameters().Select(p => new SafetensorsEntry(p.name, p.parameter.shape, dtype)).ToList();
            using var generator = new Generator((ulong)seed, device: CPU); // written to a file: made on the CPU
            // HF-style init: N(0, 0.02) matrices, unit norm gains, zero biases; random but numerically tame.
            SafetensorsWriter.Save(weightsPath + ".tmp", entries, name =>
            {
                var entry = entries.First(e => e.Name == name);
                using var scope = NewDisposeScope();
                var value = name.EndsWith("norm.weight", StringComparison.Ordinal) ? ones(entry.Shape, device: CPU)
                    : name.EndsWith(".bias", StringComparison.Ordinal) ? zeros(entry.Shape, device: CPU)
                    : randn(entry.Shape, generator: generator, device: CPU).mul_(0.02f);
                return value.to(dtype).MoveToOuterDisposeScope();
            }, dispose: true);
        }
        // The weights under a temporary name first: an interrupted run never leaves a folder that looks complete.
        File.Move(weightsPath + ".tmp", weightsPath, overwrite: true);
        File.WriteAllText(Path.Combine(directory, "config.json"), ConfigFor(shape, dtype));
        if (tokenizerDirectory is not null)
        {
            foreach (var file in Directory.EnumerateFiles(tokenizerDirectory).Where(IsTokenizerFile))
            {
                var copy = Path.Combine(directory, Path.GetFileName(file));
                File.Copy(file, copy, overwrite: true);
                File.SetAttributes(copy, FileAttributes.Normal); // the source may be read-only; a rewrite must not fail

            }
        }
        return directory;
    }

    /// <summary>The config.json <see cref="Write"/> writes: the checkpoint's own, its torch_dtype the weights' dtype.</summary>
    public static string ConfigFor(PaperScaleModel shape, ScalarType dtype) =>
        shape.ConfigJson.Replace("\"bfloat16\"", $"\"{DTypeName(dtype)}\"", StringComparison.Ordinal) + "\n";

    private static bool IsTokenizerFile(string path) => Path.GetFileName(path) is
        "tokenizer.json" or "tokenizer_config.json" or "vocab.json" or "merges.txt" or "tokenizer.model" or "special_tokens_map.json";

    private static string DTypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float16 => "float16",
        _ => "float32",
    };
}
