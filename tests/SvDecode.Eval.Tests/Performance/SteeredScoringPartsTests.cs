using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tool.Bench;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Performance;

/// <summary>
/// The instruments of the paper suite's steered-scoring split, on the tiny Qwen2 bench folder (grouped-query
/// attention, q/k/v biases, tied head) with a LoRA adapter whose weights are made non-zero so that adapted ≠ base:
/// the timed pair changes no result, the unsteered pair scores exactly as the adapted model, and the measurement
/// reports every part.
/// </summary>
public sealed class SteeredScoringPartsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly CausalLanguageModel _model;
    private readonly IPeftAdapter _adapter;
    private readonly IReadOnlyList<LogLikelihoodRequest> _requests;
    private readonly string _directory;
    private bool _detached;

    public SteeredScoringPartsTests()
    {
        _directory = RandomModelFolder.Ensure(_temp.Path, BenchModelShape.TinyQwen2, seed: 5);
        _model = ModelLoader.Load(_directory);
        _adapter = PeftAdapters.Create(_model, new WarmStartSettings().ConfigFor(PeftMethod.Lora, _model.Config, _directory), seed: 3);
        using (no_grad())
        {
            using var generator = new Generator(11, device: CPU);
            foreach (var parameter in _adapter.TrainableParameters)
            {
                parameter.copy_(randn(parameter.shape, generator: generator).mul_(0.2f));
            }
        }
        _requests = ScoringWorkload.Create(items: 2, vocab: _model.Config.VocabSize, seed: 9).Requests();
    }

    [Fact]
    public void UnsteeredPairScoresAsTheAdaptedModelWithItselfAsReference()
    {
        var pair = new SessionLanguageModel(new UnsteeredPairSessionFactory(() => _adapter.OpenPair(PairForward.Batched), _model.Config.VocabSize)).LogLikelihood(_requests);
        var adapted = new SessionLanguageModel(_adapter.AdaptedSessions).LogLikelihood(_requests);
        var baseline = new SessionLanguageModel(_adapter.BaseSessions).LogLikelihood(_requests);

        for (var i = 0; i < _requests.Count; i++)
        {
            Assert.Equal(adapted[i].Sum, pair[i].Sum, 3);
            Assert.Equal(pair[i].Sum, pair[i].ReferenceSum!.Value, 9);
        }
        Assert.Contains(Enumerable.Range(0, _requests.Count), i => Math.Abs(baseline[i].Sum - adapted[i].Sum) > 1e-2); // the adapter matters
    }

    [Fact]
    public void TimedPairChangesNoSteeredScoreAndSplitsForwardFromHead()
    {
        var times = new PairTimes();
        var vocab = _model.Config.VocabSize;
        var timed = new SessionLanguageModel(new SteeredSessionFactory(() => new TimedPairSession(_adapter.OpenPair(PairForward.Batched), times), vocab, 1.0, SteeringOptions.ForScoring)).LogLikelihood(_requests);
        var plain = new SessionLanguageModel(new SteeredSessionFactory(() => _adapter.OpenPair(PairForward.Batched), vocab, 1.0, SteeringOptions.ForScoring)).LogLikelihood(_requests);

        for (var i = 0; i < _requests.Count; i++)
        {
            Assert.Equal(plain[i].Sum, timed[i].Sum, 6);
            Assert.Equal(plain[i].ReferenceSum!.Value, timed[i].ReferenceSum!.Value, 6);
        }
        Assert.True(times.ForwardSeconds > 0 && times.HeadSeconds > 0, $"forward {times.ForwardSeconds} s, head {times.HeadSeconds} s");
        times.Reset();
        Assert.Equal((0.0, 0.0), (times.ForwardSeconds, times.HeadSeconds));
    }

    [Fact]
    public void MeasurementReportsRatesAndEveryPartOfTheSteeredPass()
    {
        _adapter.Dispose(); // the measurement attaches its own adapter to the model
        _detached = true;
        var context = new BenchModelContext(BenchModelShape.TinyQwen2, _directory, _model, BenchSuite.PaperSmoke, new MachineCeilings(100, 10));
        var figures = new SteeredScoringMeasurement().Measure(context, CancellationToken.None).ToDictionary(f => f.Name);

        var prefix = "qwen2-tiny-fp32.steered_scoring.";
        Assert.True(figures[prefix + "requests_per_s"].Value > 0);
        Assert.True(figures[prefix + "unsteered_pair.requests_per_s"].Value > 0);
        Assert.True(figures[prefix + "seconds"].Value > 0);
        foreach (var part in new[] { "forward", "head", "steering", "rest" })
        {
            Assert.Equal("s", figures[$"{prefix}split.{part}.seconds"].Unit);
            Assert.Equal(figures[$"{prefix}split.{part}.seconds"].Value / figures[prefix + "seconds"].Value, figures[$"{prefix}split.{part}.fraction"].Value, 9);
        }
        // Timed inside the pass (one sample in this suite): positive, and never more than the pass itself.
        Assert.Equal(1, BenchSuite.PaperSmoke.Iterations);
        Assert.InRange(figures[prefix + "split.forward.seconds"].Value + figures[prefix + "split.head.seconds"].Value, 1e-9, figures[prefix + "seconds"].Value);
        Assert.True(_model.named_modules().All(m => m.module is not IAdapterLayer), "the measurement's adapter is detached afterwards");
    }

    public void Dispose()
    {
        if (!_detached)
        {
            _adapter.Dispose();
        }
        _model.Dispose();
        _temp.Dispose();
    }
}
