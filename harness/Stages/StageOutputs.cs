using System.Text.Json;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Stages;

/// <summary>
/// What the built-in stages hand each other, named once: the writing stage uses the name and file to write, a reading
/// stage declares the output in its Reads and gets the typed value. A stage that replaces one of these (a test's, a
/// host's) writes the same file under the same stage name.
/// </summary>
public static class StageOutputs
{
    /// <summary>The benchmark's items split into train, calibration and test (dataset.json).</summary>
    public static readonly StageOutput<DatasetArtifact> Dataset = new("dataset", "dataset.json", ReadDataset);

    /// <summary>The cell's warm-started adapter: the folder of a Hugging Face PEFT adapter.</summary>
    public static readonly StageOutput<string> Adapter = new("warmstart", "adapter", path => path);

    /// <summary>The strength solve: μ̄, every aggregate and the μ* histogram (strength.json).</summary>
    public static readonly StageOutput<StrengthReport> Strength = new("strength", "strength.json", path => StrengthReport.FromJson(File.ReadAllText(path)));

    private static DatasetArtifact ReadDataset(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<DatasetArtifact>(stream, Json.Options) ?? throw new InvalidDataException($"{path} holds null");
    }
}
