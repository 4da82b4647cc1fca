using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Layers;
using SvDecode.Eval.Models.Safetensors;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Writes a seeded random <see cref="BenchModelShape"/> as a Hugging Face folder (config.json + model.safetensors) that
/// both our loader and the PyTorch peer read (float32). A real checkpoint's shape is written one tensor at
/// a time by <see cref="PaperScaleFolder"/> (no tokenizer: the bench feeds random ids). An existing folder with the
/// same config is reused.
/// </summary>
public static class RandomModelFolder
{
    public static string Ensure(string root, BenchModelShape shape, int seed)
    {
        var directory = Path.Combine(root, shape.Name);
        var configPath = Path.Combine(directory, "config.json");
        var weightsPath = Path.Combine(directory, "model.safetensors");
        var config = shape.ConfigJson;
        if (File.Exists(weightsPath) && File.Exists(configPath) && File.ReadAllText(configPath) == config)
        {
            return directory;
        }
        if (shape.Source is { } checkpoint)
        {
            return PaperScaleFolder.Write(directory, checkpoint, shape.DType, tokenizerDirectory: null, seed);
        }
        if (shape.DType != ScalarType.Float32)
        {
            throw new ArgumentException($"{shape.Name}: hand-made bench shapes are written in float32; a {shape.DType} folder needs a checkpoint shape.", nameof(shape));
        }
        Directory.CreateDirectory(directory);
        using (var model = CausalLanguageModelFactory.Create(ModelConfigParser.Parse(config, configPath), ParameterFactory.Meta()))
        {
            using var generator = new Generator((ulong)seed, device: CPU); // written to a file: made on the CPU
            var tensors = new Dictionary<string, Tensor>();
            try
            {
                foreach (var (name, parameter) in model.named_parameters())
                {
                    // HF-style init: N(0, 0.02) weights, unit norm gains; random but numerically tame for decoding.
                    tensors[name] = name.EndsWith("norm.weight", StringComparison.Ordinal)
                        ? ones(parameter.shape, device: CPU)
                        : randn(parameter.shape, generator: generator, device: CPU).mul_(0.02f);
                }
                // Written under a temporary name first, so an interrupted run never leaves a half-written folder that looks complete.
                SafetensorsWriter.Save(weightsPath + ".tmp", tensors);
            }
            finally
            {
                foreach (var t in tensors.Values)
                {
                    t.Dispose();
                }
            }
        }
        File.Move(weightsPath + ".tmp", weightsPath, overwrite: true);
        File.WriteAllText(configPath, config);
        return directory;
    }
}
