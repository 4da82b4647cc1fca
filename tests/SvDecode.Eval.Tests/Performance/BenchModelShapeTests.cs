using SvDecode.Eval.Models;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tool.Bench;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Performance;

public sealed class BenchModelShapeTests
{
    [Fact]
    public void IssueShapesHaveTheHandCountedParameters()
    {
        // 6 × (4·512² + 3·512·1408) + 8000·512 (lm_head) = 23,363,584 in matmuls; + 8000·512 embeddings + 13·512 gains.
        Assert.Equal(23_363_584, BenchModelShape.Small.MatmulParameters);
        Assert.Equal(27_466_240, BenchModelShape.Small.TotalParameters);
        // 12 × (4·768² + 3·768·2048) + 32000·768 = 109,510,656; + 32000·768 + 25·768.
        Assert.Equal(109_510_656, BenchModelShape.Medium.MatmulParameters);
        Assert.Equal(134_105_856, BenchModelShape.Medium.TotalParameters);
    }

    [Fact]
    public void Qwen25HalfBHasItsPublishedParameterCountAndDtypeBytes()
    {
        var fp32 = BenchModelShape.Checkpoint(PaperScaleModel.Qwen25HalfB, ScalarType.Float32);
        var bf16 = BenchModelShape.Checkpoint(PaperScaleModel.Qwen25HalfB, ScalarType.BFloat16);
        // Hugging Face lists Qwen/Qwen2.5-0.5B at 494,032,768 parameters (tied head: the embedding table counted once).
        Assert.Equal(494_032_768, fp32.TotalParameters);
        // 24 × (896·896 q + 2·896·128 k, v (2 kv heads of 64) + 896·896 o + 3·896·4864) + 151936·896 head = 493,961,216.
        Assert.Equal(493_961_216, fp32.MatmulParameters);
        Assert.Equal(4L * 494_032_768, fp32.WeightBytes);
        Assert.Equal(2L * 494_032_768, bf16.WeightBytes);
        Assert.Equal(2L * 493_961_216, bf16.MatmulWeightBytes);
        Assert.Equal(["qwen2.5-0.5b-fp32", "qwen2.5-0.5b-bf16"], [fp32.Name, bf16.Name]);
    }

    [SharedFact("fixtures/models/tiny-qwen2")]
    public void CountsMatchARealQwen2CheckpointInBothDtypes()
    {
        // A real checkpoint's config (grouped-query attention, q/k/v biases, tied head) against its own tensors.
        var directory = SharedFiles.Fixture("models", "tiny-qwen2");
        var config = File.ReadAllText(Path.Combine(directory, "config.json"));
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.BFloat16 })
        {
            var shape = BenchModelShape.FromConfig("tiny-qwen2", config, dtype);
            using var model = ModelLoader.Load(directory, new ModelLoadOptions { DType = dtype });
            var parameters = model.named_parameters().ToList();
            Assert.Equal(parameters.Sum(p => p.parameter.numel()), shape.TotalParameters);
            Assert.Equal(model.WeightBytes, shape.WeightBytes);
            var matmul = parameters.Where(p => p.name.EndsWith("proj.weight", StringComparison.Ordinal) || p.name == "model.embed_tokens.weight");
            Assert.Equal(matmul.Sum(p => p.parameter.numel()), shape.MatmulParameters);
        }
    }

    [Fact]
    public void TinyQwen2FolderIsWrittenAsAPaperScaleFolderInItsDtypeAndReused()
    {
        using var temp = new TempDirectory();
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.BFloat16 })
        {
            var shape = BenchModelShape.Checkpoint(BenchModelShape.TinyQwen2.Source!, dtype);
            var directory = RandomModelFolder.Ensure(temp.Path, shape, seed: 7);
            var weights = Path.Combine(directory, "model.safetensors");
            var written = File.GetLastWriteTimeUtc(weights);
            using (var model = ModelLoader.Load(directory, new ModelLoadOptions { DType = dtype }))
            {
                Assert.Equal(shape.TotalParameters, model.parameters().Sum(p => p.numel()));
                Assert.Equal(shape.WeightBytes, model.WeightBytes);
                Assert.True(model.Config.TieWordEmbeddings && model.Config.QkvBias && model.Config.KvGroups == 2);
            }
            // The file holds the dtype itself (half the bytes in bfloat16), not float32 converted on load.
            Assert.InRange(new FileInfo(weights).Length, shape.WeightBytes, shape.WeightBytes + 64 * 1024);
            Assert.Equal(directory, RandomModelFolder.Ensure(temp.Path, shape, seed: 7));
            Assert.Equal(written, File.GetLastWriteTimeUtc(weights)); // reused, not rewritten
        }
    }

    [Fact]
    public void RandomFolderLoadsWithTheCountedParametersAndIsReusedBitForBit()
    {
        using var temp = new TempDirectory();
        var shape = BenchModelShape.Tiny;
        var directory = RandomModelFolder.Ensure(temp.Path, shape, seed: 7);
        var weights = Path.Combine(directory, "model.safetensors");
        var written = File.GetLastWriteTimeUtc(weights);

        using (var model = SvDecode.Eval.Models.ModelLoader.Load(directory))
        {
            Assert.Equal(shape.TotalParameters, model.parameters().Sum(p => p.numel()));
        }
        Assert.Equal(directory, RandomModelFolder.Ensure(temp.Path, shape, seed: 7));
        Assert.Equal(written, File.GetLastWriteTimeUtc(weights)); // reused, not rewritten

        // Same seed in another root: the same bytes (the PyTorch peer and later runs see the same model).
        var again = RandomModelFolder.Ensure(temp.Combine("other"), shape, seed: 7);
        Assert.Equal(File.ReadAllBytes(weights), File.ReadAllBytes(Path.Combine(again, "model.safetensors")));
    }

    [Fact]
    public void ScoringWorkloadIsTruthfulQaShapedAndSeeded()
    {
        var workload = ScoringWorkload.Create(items: 30, vocab: 100, seed: 3);
        Assert.Equal(30, workload.Items.Count);
        Assert.All(workload.Items, item =>
        {
            Assert.InRange(item.Context.Count, 128, 160);
            Assert.InRange(item.Answers.Count, 4, 13);
            Assert.All(item.Answers, a => Assert.InRange(a.Count, 4, 20));
            Assert.All(item.Context.Concat(item.Answers.SelectMany(a => a)), id => Assert.InRange(id, 3, 99));
        });
        Assert.Equal(workload.Items.Sum(i => i.Answers.Count), workload.Requests().Count);
        var same = ScoringWorkload.Create(items: 30, vocab: 100, seed: 3);
        Assert.Equal(workload.Requests().SelectMany(r => r.ContextIds.Concat(r.ContinuationIds)), same.Requests().SelectMany(r => r.ContextIds.Concat(r.ContinuationIds)));
    }
}
