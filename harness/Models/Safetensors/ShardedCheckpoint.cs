using System.Text.Json;
using SvDecode.Eval.Platform;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Safetensors;

/// <summary>
/// A Hugging Face checkpoint folder: <c>model.safetensors</c>, or shards listed in <c>model.safetensors.index.json</c>
/// (<c>{"weight_map": {tensor: shard file}}</c>). Shards are opened lazily and kept open until disposed.
/// </summary>
public sealed class ShardedCheckpoint : ITensorSource
{
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly Dictionary<string, string> _fileOfTensor;
    private readonly Dictionary<string, SafetensorsFile> _open = [];

    private ShardedCheckpoint(Dictionary<string, string> fileOfTensor) => _fileOfTensor = fileOfTensor;

    public IReadOnlyCollection<string> Names => _fileOfTensor.Keys;

    /// <summary>Opens the weights in <paramref name="modelDir"/>, validating every shard's header up front.</summary>
    public static ShardedCheckpoint Open(string modelDir)
    {
        var single = Path.Combine(modelDir, SingleFileName);
        var index = Path.Combine(modelDir, IndexFileName);
        if (File.Exists(index))
        {
            return OpenIndex(modelDir, index);
        }
        if (!File.Exists(single))
        {
            var pickles = Directory.EnumerateFiles(modelDir).Select(Path.GetFileName).Where(n => n!.EndsWith(".bin", StringComparison.Ordinal) || n.EndsWith(".pt", StringComparison.Ordinal) || n.EndsWith(".pth", StringComparison.Ordinal)).ToList();
            throw new InputException(pickles.Count == 0
                ? $"Model folder {modelDir} has neither {SingleFileName} nor {IndexFileName}."
                : $"Model folder {modelDir} holds only PyTorch pickle checkpoints ({string.Join(", ", pickles)}), which are never unpickled: " +
                  "unpickling runs code from the file. Convert them to safetensors (e.g. with the Hugging Face safetensors converter) and try again.");
        }
        var file = SafetensorsFile.Open(single);
        var checkpoint = new ShardedCheckpoint(file.Names.ToDictionary(n => n, _ => single));
        checkpoint._open[single] = file;
        return checkpoint;
    }

    private static ShardedCheckpoint OpenIndex(string modelDir, string index)
    {
        var map = new Dictionary<string, string>();
        InputPath.RequireReadableFile(index, "model.safetensors.index.json");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(index));
            if (!document.RootElement.TryGetProperty("weight_map", out var weightMap) || weightMap.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{index}: missing object field \"weight_map\".");
            }
            foreach (var entry in weightMap.EnumerateObject())
            {
                var shard = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : "";
                if (shard.Length == 0 || Path.GetFileName(shard) != shard)
                {
                    throw new InputException($"{index}: weight_map.\"{entry.Name}\" must name a shard file in the same folder, got {entry.Value}.");
                }
                map[entry.Name] = Path.Combine(modelDir, shard);
            }
        }
        catch (JsonException e)
        {
            throw new InputException($"{index} is not valid JSON: {e.Message}", e);
        }
        var checkpoint = new ShardedCheckpoint(map);
        try
        {
            foreach (var shard in map.Values.Distinct())
            {
                if (!File.Exists(shard))
                {
                    throw new InputException($"{index} lists shard {Path.GetFileName(shard)}, which is missing from {modelDir}.");
                }
                var file = checkpoint.Shard(shard);
                foreach (var (tensor, _) in map.Where(kv => kv.Value == shard))
                {
                    if (!file.Tensors.ContainsKey(tensor))
                    {
                        throw new InputException($"{index} places tensor '{tensor}' in {shard}, which does not contain it.");
                    }
                }
            }
            return checkpoint;
        }
        catch
        {
            checkpoint.Dispose();
            throw;
        }
    }

    public string FileOf(string name) =>
        _fileOfTensor.TryGetValue(name, out var file) ? file : throw new KeyNotFoundException($"No tensor '{name}' in the checkpoint.");

    public SafetensorsTensorInfo Info(string name) => Shard(FileOf(name)).Info(name);

    public Tensor Read(string name, ScalarType? dtype = null) => Shard(FileOf(name)).Read(name, dtype);

    public void ReadInto(string name, Tensor destination) => Shard(FileOf(name)).ReadInto(name, destination);

    private SafetensorsFile Shard(string path)
    {
        if (!_open.TryGetValue(path, out var file))
        {
            file = SafetensorsFile.Open(path);
            _open[path] = file;
        }
        return file;
    }

    public void Dispose()
    {
        foreach (var file in _open.Values)
        {
            file.Dispose();
        }
        _open.Clear();
    }
}
