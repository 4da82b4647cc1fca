using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tool.Bench;
using Xunit;

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
