using System.Diagnostics;
using SvDecode.Eval.Benchmarks.Jsonl;
using SvDecode.Eval.Benchmarks.Mmlu;
using SvDecode.Eval.Data;
using SvDecode.Eval.Models.Safetensors;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tokenization;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Reliability;

/// <summary>
/// Seeded mutation fuzzing of every parser that reads user files. Each mutated file must end in a clean
/// <see cref="InputException"/> or parse; anything else (another exception, a native abort, a hang) fails.
/// Bounded by a count and a time budget so CI stays fast; the seed makes a failure reproducible.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    // CI runs the bounded default; a longer local hunt: SVDECODE_FUZZ_ITERATIONS=20000 SVDECODE_FUZZ_SEED=7 dotnet test ...
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("SVDECODE_FUZZ_ITERATIONS"), out var n) ? n : 400;
    private static readonly int SeedOffset = int.TryParse(Environment.GetEnvironmentVariable("SVDECODE_FUZZ_SEED"), out var s) ? s : 0;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(Math.Max(20, Iterations / 20));

    private void Fuzz(string name, byte[] valid, string extension, Action<string> parse, int seed, TempDirectory? folder = null)
    {
        using var owned = folder is null ? new TempDirectory() : null;
        var dir = folder ?? owned!;
        parse(WriteFile(dir, "valid" + extension, valid)); // the seed input itself must be accepted
        seed += SeedOffset;
        var mutator = new Mutator(seed);
        var clock = Stopwatch.StartNew();
        var (accepted, rejected, iterations) = (0, 0, 0);
        for (; iterations < Iterations && clock.Elapsed < Budget; iterations++)
        {
            var path = WriteFile(dir, $"m{iterations}{extension}", mutator.Mutate(valid));
            try
            {
                parse(path);
                accepted++;
            }
            catch (InputException)
            {
                rejected++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"{name} seed {seed} iteration {iterations}: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            }
            File.Delete(path);
        }
        output.WriteLine($"{name}: {iterations} mutations in {clock.Elapsed.TotalSeconds:0.0} s, {rejected} rejected cleanly, {accepted} still valid");
        Assert.True(iterations >= 50, $"only {iterations} iterations ran in the time budget");
        Assert.True(rejected > 0, "no mutation was rejected: the fuzzer is not reaching the parser");
    }

    private static string WriteFile(TempDirectory dir, string name, byte[] bytes)
    {
        var path = dir.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void PipelineYaml()
    {
        using var dir = new TempDirectory();
        var valid = File.ReadAllBytes(TestPipelines.WriteMultiCell(dir));
        Fuzz("pipeline yaml", valid, ".yaml", path =>
        {
            var (document, diagnostics) = PipelineLoader.Validate(path, [], TestPipelines.Catalog);
            if (document is null)
            {
                Assert.NotEmpty(diagnostics);
                throw new InputException(diagnostics[0].ToString());
            }
        }, seed: 11, folder: dir);
    }

    [Fact]
    public void SafetensorsHeaderAndData()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("t.safetensors");
        using (var a = arange(0, 12, ScalarType.Float32).reshape(3, 4))
        using (var b = ones(5, dtype: ScalarType.Float16))
        using (var c = zeros(2, 2, dtype: ScalarType.BFloat16))
        {
            SafetensorsWriter.Save(path, new Dictionary<string, Tensor> { ["a"] = a, ["b.weight"] = b, ["c"] = c }, new Dictionary<string, string> { ["format"] = "pt" });
        }
        Fuzz("safetensors", File.ReadAllBytes(path), ".safetensors", file =>
        {
            using var st = SafetensorsFile.Open(file);
            foreach (var name in st.Names)
            {
                using var t = st.Read(name);
            }
        }, seed: 12);
    }

    [Fact]
    public void TokenizerJson()
    {
        using var dir = new TempDirectory();
        var corpus = Enumerable.Range(0, 200).Select(i => $"The quick brown fox {i} jumps over the lazy dog number {i * 7}.");
        BpeTrainer.Train(corpus, 300, ["<s>", "</s>"]).Save(dir.Path);
        var valid = File.ReadAllBytes(Path.Combine(dir.Path, "tokenizer.json"));
        Fuzz("tokenizer.json", valid, ".json", file =>
        {
            var tokenizer = TokenizerLoader.LoadFile(file);
            var ids = tokenizer.Encode("The quick brown fox 12 jumps.");
            tokenizer.Decode(ids);
        }, seed: 13);
    }

    [Fact]
    public void JsonlData()
    {
        var valid = string.Concat(Enumerable.Range(0, 20).Select(i =>
            $"{{\"id\": \"q{i}\", \"question\": \"Question {i}?\", \"choices\": [\"yes\", \"no\", \"maybe\"], \"answer\": {i % 3}, \"correct_answers\": [\"yes\"], \"incorrect_answers\": [\"no\"]}}\n"));
        Fuzz("jsonl data", System.Text.Encoding.UTF8.GetBytes(valid), ".jsonl",
            file => new JsonlBenchmark().Load(new BenchmarkLoadRequest(file), default), seed: 14);
    }

    [Fact]
    public void MmluCsvData()
    {
        var valid = string.Concat(Enumerable.Range(0, 20).Select(i => $"\"What is {i} + 1, given \"\"x\"\"?\",{i},{i + 1},{i + 2},{i + 3},B\n"));
        Fuzz("mmlu csv", System.Text.Encoding.UTF8.GetBytes(valid), ".csv",
            file => new MmluBenchmark().Load(new BenchmarkLoadRequest(file), default), seed: 15);
    }
}
