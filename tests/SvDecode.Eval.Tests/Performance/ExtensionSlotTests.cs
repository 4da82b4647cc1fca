using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tool.Bench;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Performance;

/// <summary>The slots steering and PEFT fill: what the bench asks of a subject and which figures it reports.</summary>
public sealed class ExtensionSlotTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly CausalLanguageModel _model;
    private readonly BenchModelContext _context;

    public ExtensionSlotTests()
    {
        var directory = RandomModelFolder.Ensure(_temp.Path, BenchModelShape.Tiny, seed: 5);
        _model = ModelLoader.Load(directory);
        _context = new BenchModelContext(BenchModelShape.Tiny, directory, _model, BenchSuite.Smoke, new MachineCeilings(100, 10));
    }

    [Fact]
    public void SteeredDecodeReportsRatesAndCostRatioPerSubjectAndBatchAndDisposesTheSetup()
    {
        var subject = new PlainAsSteered();
        var figures = new SteeredDecodeMeasurement([subject]).Measure(_context, CancellationToken.None).ToDictionary(f => f.Name);

        foreach (var batch in BenchSuite.Smoke.DecodeBatches)
        {
            var prefix = $"llama-tiny.steered_decode.plain_copy.batch{batch}.";
            Assert.True(figures[prefix + "tokens_per_s"].Value > 0);
            Assert.True(figures[prefix + "plain_tokens_per_s"].Value > 0);
            Assert.Equal("ratio", figures[prefix + "cost_ratio"].Unit);
        }
        Assert.True(subject.Factory!.Disposed);
        Assert.Equal(BenchSuite.Smoke.DecodeBatches.Count * (1 + BenchSuite.Smoke.Iterations), subject.Factory.Opened); // a warm-up, then the samples
    }

    [Fact]
    public void WarmStartTimesTrainerStepsOnTheLastPrefillShape()
    {
        var subject = new CountingWarmStart();
        var figures = new WarmStartMeasurement([subject]).Measure(_context, CancellationToken.None).ToList();

        var (batch, tokens) = BenchSuite.Smoke.PrefillShapes[^1];
        var figure = Assert.Single(figures);
        Assert.Equal($"llama-tiny.warm_start.counting.{batch}x{tokens}.tokens_per_s", figure.Name);
        Assert.True(figure.Value > 0);
        Assert.Equal([batch, tokens], subject.Trainer!.Shape);
        Assert.Equal(1 + BenchSuite.Smoke.Iterations, subject.Trainer.Steps); // one warm-up, then the timed steps
        Assert.True(subject.Trainer.Disposed);
    }

    [Fact]
    public void SlotsWithoutSubjectsAreListedAsNotMeasured()
    {
        Assert.False(new SteeredDecodeMeasurement([]).HasSubjects);
        Assert.False(new WarmStartMeasurement([]).HasSubjects);
    }

    public void Dispose()
    {
        _model.Dispose();
        _temp.Dispose();
    }

    private sealed class PlainAsSteered : ISteeredDecodeSubject
    {
        public CountingFactory? Factory { get; private set; }

        public string Name => "plain_copy";

        public SteeredDecodeSetup Create(BenchModelContext context)
        {
            Factory = new CountingFactory(context.Model);
            return new SteeredDecodeSetup(new ModelLogitsSessionFactory(context.Model), Factory, owner: Factory);
        }
    }

    private sealed class CountingFactory(CausalLanguageModel model) : ILogitsSessionFactory, IDisposable
    {
        public int Opened { get; private set; }

        public bool Disposed { get; private set; }

        public int VocabSize => model.Config.VocabSize;

        public ILogitsSession Open()
        {
            Opened++;
            return new ModelLogitsSession(model);
        }

        public void Dispose() => Disposed = true;
    }

    private sealed class CountingWarmStart : IWarmStartSubject
    {
        public CountingTrainer? Trainer { get; private set; }

        public string Method => "counting";

        public IWarmStartTrainer Create(BenchModelContext context) => Trainer = new CountingTrainer();
    }

    private sealed class CountingTrainer : IWarmStartTrainer
    {
        public long[] Shape { get; private set; } = [];

        public int Steps { get; private set; }

        public bool Disposed { get; private set; }

        public void Step(Tensor ids, Tensor mask)
        {
            Shape = ids.shape;
            Steps++;
        }

        public void Dispose() => Disposed = true;
    }
}
