using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>Which files an LLM-Adapters request names, as (split, path) in load order (test before train).</summary>
public static class LlmAdaptersFiles
{
    public static IReadOnlyList<(string Split, string Path)> Locate(BenchmarkLoadRequest request)
    {
        var files = new List<(string, string)>();
        if (Directory.Exists(request.DataPath))
        {
            var test = Path.Combine(request.DataPath, "test.json");
            var train = Path.Combine(request.DataPath, "train.json");
            if (File.Exists(test))
            {
                files.Add((BenchmarkSplits.Test, test));
            }
            if (File.Exists(train) && request.TrainDataPath is null)
            {
                files.Add((BenchmarkSplits.Train, train));
            }
            if (files.Count == 0)
            {
                throw new InputException($"{request.DataPath}: the folder has neither test.json nor train.json.");
            }
        }
        else
        {
            files.Add((BenchmarkSplits.Test, request.DataPath));
        }
        if (request.TrainDataPath is not null)
        {
            files.Add((BenchmarkSplits.Train, request.TrainDataPath));
        }
        return files;
    }
}
