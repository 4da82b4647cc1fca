using System.Text.Json;
using SvDecode.Eval.Data;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Judging;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Results;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Sharding;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Scores the test split of a cell: the warm-started model (the PEFT baseline), or the same adapter with a decoding
/// method over the base+adapted pair — SVDecode at the strength artifact's μ̄, logit extrapolation at its λ̄,
/// contrastive decoding at β (scoring mask for log-likelihoods, generation mask for generation).
/// Every metric has a standard error; per-item values go to item_scores.json (paired deltas between cells) and
/// per-item outputs to items.jsonl. With scoring.judge, generated answers of open-ended benchmarks are also judged
/// (truth, info, truth_info; judge.jsonl).
/// </summary>
public sealed class ScoreStage(ModelProvider models, WarmStartedAdapters adapters, JudgeModelProvider judges, IEnumerable<IBenchmark> benchmarks) : IPipelineStage
{
    public const string StageName = "score";

    private readonly IReadOnlyList<IBenchmark> _benchmarks = [.. benchmarks];

    public string Name => StageName;

    public string Description => "Scores the test split (log-likelihood or generation) with or without steering; per-item outputs and metrics.";

    public int Order => 50;

    // 2: items.jsonl lines log prompt, choices, target, group and the unsteered log-likelihoods of a steered cell
    public int Version => 2;

    public IReadOnlyList<StageOutput> Reads => [StageOutputs.Dataset, StageOutputs.Adapter, StageOutputs.Strength];

    /// <summary>Every adapted cell with its adapter, and peft: none (the pre-trained model, no adapter).</summary>
    public bool AppliesTo(WorkUnit unit, StageContext context) => unit.Cell.Method is null || WarmStartedAdapters.Available(context);

    /// <summary>The unsharded fingerprint, unchanged by sharding (so a whole unit keeps its key); a slice adds itself.</summary>
    public object Fingerprint(StageContext context) =>
        context.TestShare is { } share ? new { Whole = WholeFingerprint(context), share.Part, share.Parts } : WholeFingerprint(context);

    private object WholeFingerprint(StageContext context) => JudgeMayApply(context) && judges.Fingerprint(context) is { } judge
        ? new { Scoring = Settings(context), Judge = judge }
        : Settings(context);

    /// <summary>Everything but the judge (kept as it was so runs without a judge keep their artifact keys). Off and
    /// SVDecode cells keep the keys they always had; the other methods name themselves and their settings.</summary>
    private static object Settings(StageContext context) => context.Cell.Decoding switch
    {
        MatrixDecoding.Off or MatrixDecoding.SvDecode => OffOrSvDecodeSettings(context),
        var decoding => new
        {
            Model = ModelProvider.Fingerprint(context),
            Decoding = decoding.Name(),
            context.Steering,
            Method = MethodSettings(context),
            context.Spec.Scoring.Mode,
            context.Spec.Scoring.BatchSize,
            context.Spec.Decode,
            context.Spec.Seed,
        },
    };

    /// <summary>The settings of a baseline method that its scores depend on (the λ̄ choice, β).</summary>
    private static object? MethodSettings(StageContext context) => context.Cell.Decoding switch
    {
        MatrixDecoding.Extrapolation => context.Spec.Extrapolation.Lambda.ToString(),
        MatrixDecoding.Contrastive => context.Spec.Contrastive,
        _ => null,
    };

    private static object OffOrSvDecodeSettings(StageContext context) => new
    {
        Model = ModelProvider.Fingerprint(context),
        context.Cell.Steering,
        SteeringSettings = context.Cell.Steering == SteeringSwitch.On ? new { Steering = context.Steering, Strength = new { context.Strength.Aggregate, context.Strength.Fixed } } : null,
        context.Spec.Scoring.Mode,
        context.Spec.Scoring.BatchSize,
        context.Spec.Decode,
        context.Spec.Seed,
    };

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var dataset = context.Read(StageOutputs.Dataset);
        var loaded = models.Get(context);
        // peft: none scores the pre-trained model itself; every other cell its adapter.
        using var adapter = context.Cell.Method is null ? null : adapters.Attach(context, loaded);
        var spec = context.Spec;
        string Decode(IReadOnlyList<int> ids) => loaded.Tokenizer.Decode(ids, skipSpecialTokens: true);
        var batch = spec.Scoring.BatchSize;

        ILogitsSessionFactory plain = adapter?.AdaptedSessions ?? new ModelLogitsSessionFactory(loaded.Model);
        ILogitsSessionFactory scoringSessions = plain, generationSessions = plain;
        SteeredSessionFactory? steeredScoring = null, steeredGeneration = null;
        ILanguageModel? unsteeredForTies = null;
        var output = context.Output!;
        if (context.Cell.Decoding != MatrixDecoding.Off && adapter is not null)
        {
            var steering = context.Steering;
            var strength = DecodingTransforms.Calibrates(context.Cell.Decoding)
                ? SolvedStrength(context, context.Read(StageOutputs.Strength), dataset.Calibration.Count)
                : double.NaN;
            steeredScoring = new SteeredSessionFactory(() => adapter.OpenPair(steering.PairForward), adapter.Model.Config.VocabSize, DecodingTransforms.For(context, steering.ScoringMask, strength));
            steeredGeneration = steeredScoring.With(DecodingTransforms.For(context, steering.GenerationMask, strength));
            scoringSessions = steeredScoring;
            generationSessions = steeredGeneration;
            if (DecodingTransforms.ScoresCanBeMasked(context))
            {
                unsteeredForTies = new SessionLanguageModel(plain, Decode, batch);
            }
            if (DecodingTransforms.Strength(context, strength) is var (name, value))
            {
                output.SetDiagnostic(name, value);
            }
        }

        var scorer = new BenchmarkScorer(
            loaded.Tokenizer,
            new SessionLanguageModel(scoringSessions, Decode, batch),
            new SessionLanguageModel(generationSessions, Decode, spec.Decode.BatchSize),
            unsteeredForTies,
            GenerationOptions(context, loaded),
            context.Progress);
        var test = context.TestShare?.Slice(dataset.Test) ?? dataset.Test;
        scorer.Score(test, spec.Scoring.Mode == ScoringMode.Generate, Benchmark(context).ScoringKinds, cancellationToken);

        foreach (var metric in scorer.Metrics)
        {
            output.AddMetric(new MetricValue(metric.Name, metric.Mean, metric.StdErr, metric.Count));
        }
        foreach (var scores in scorer.ItemScores)
        {
            output.AddItemScores(scores);
        }
        output.WriteItemOutputs(scorer.Outputs);
        if (spec.Scoring.Judge is not null && scorer.OpenEndedAnswers is { } answers)
        {
            Judge(context, test, answers, cancellationToken);
        }
        output.SetDiagnostic("items_scored", test.Count);
        if (unsteeredForTies is not null)
        {
            output.SetDiagnostic("hard_ties_broken", scorer.TiesBroken);
            output.SetDiagnostic("hard_all_masked", scorer.AllMasked);
        }
        foreach (var (name, steered) in new[] { ("scoring", steeredScoring), ("generation", steeredGeneration) })
        {
            if (steered is { Diagnostics.Positions: > 0 } s)
            {
                output.SetDiagnostic($"steered_{name}_positions", s.Diagnostics.Positions);
                output.SetDiagnostic($"steered_{name}_kept_fraction", s.Diagnostics.KeptFraction);
                // Where steering can reorder candidates at all: a position keeping one token only moves its logit.
                output.SetDiagnostic($"steered_{name}_multi_kept_positions", s.Diagnostics.MultiKeptPositions);
                output.SetDiagnostic($"steered_{name}_multi_kept_share", s.Diagnostics.MultiKeptShare);
                output.SetDiagnostic($"steered_{name}_non_finite_positions", s.Diagnostics.NonFinitePositions);
                if (context.TestShare is not null)
                {
                    // Merge recomputes kept_fraction = Σ kept / (Σ positions · vocabulary) exactly from these.
                    output.SetDiagnostic($"{DiagnosticMerge.ShardPrefix}steered_{name}_kept_tokens", s.Diagnostics.KeptTokens);
                    output.SetDiagnostic($"{DiagnosticMerge.ShardPrefix}vocab_size", s.Diagnostics.VocabSize);
                }
                s.Diagnostics.ThrowIfTooManyNonFinite(context.Steering.MaxNonFiniteFraction, $"{context.Unit} ({name})");
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The cell's μ̄ (its aggregate of the calibration's μ*, or its fixed μ) or λ̄ (extrapolation.lambda's
    /// aggregate of λ*, or the fixed λ); fails the unit, saying what to change, when calibration used no token and the
    /// aggregate is undefined.</summary>
    private static double SolvedStrength(StageContext context, StrengthReport report, int calibrationItems)
    {
        var extrapolation = context.Cell.Decoding == MatrixDecoding.Extrapolation;
        var value = extrapolation ? context.Spec.Extrapolation.LambdaOf(report.Aggregates) : context.Strength.MuBarOf(report.Aggregates);
        return double.IsFinite(value)
            ? value
            : throw new InvalidOperationException(
                $"{context.Unit}: the strength calibration used no token ({report.TokensUsed} of {report.TokensTotal}; {calibrationItems} calibration items), " +
                $"so {(extrapolation ? "lambda" : "mu-bar")} is undefined. Raise split.calibration_fraction, lower strength.min_delta_norm, or " +
                (extrapolation ? "set extrapolation.lambda to a number." : "set strength.aggregate: fixed."));
    }

    /// <summary>
    /// Scores the generated answers with the pipeline's judge (truth, info, truth_info with per-item values) and writes
    /// judge.jsonl. The judge scores plain text, so it sees the answers the same way whether or not they were steered.
    /// </summary>
    private void Judge(StageContext context, IReadOnlyList<BenchmarkItem> items, IReadOnlyList<string> answers, CancellationToken cancellationToken)
    {
        var settings = context.Spec.Scoring.Judge!;
        var judgeModel = judges.Get(context);
        var (truth, info) = judges.Prompts(context);
        var language = new SessionLanguageModel(new ModelLogitsSessionFactory(judgeModel.Model), null, settings.BatchSize);
        var judgement = TruthInfoJudgement.Score(new AnswerJudge(language, judgeModel.Tokenizer), truth, info, items, answers, context.Progress, cancellationToken);
        var output = context.Output!;
        foreach (var metric in judgement.Metrics)
        {
            output.AddMetric(new MetricValue(metric.Name, metric.Mean, metric.StdErr, metric.Count));
        }
        foreach (var scores in judgement.ItemScores)
        {
            output.AddItemScores(scores);
        }
        output.WriteText(JudgeItemOutput.FileName, string.Concat(judgement.Outputs.Select(o => JsonSerializer.Serialize(o, Json.Canonical) + "\n")));
        output.WriteJson("judge.json", new { Model = judgeModel.Directory, TruthTemplate = truth.Info.ToString(), InfoTemplate = info.Info.ToString() });
        output.SetDiagnostic("judge_truth_p_yes_mean", judgement.MeanPTruth);
        output.SetDiagnostic("judge_info_p_yes_mean", judgement.MeanPInfo);
        output.SetDiagnostic("judge_truth_template_version", truth.Info.Version);
        output.SetDiagnostic("judge_info_template_version", info.Info.Version);
    }

    /// <summary>Only benchmarks whose answers a judge scores put the judge in their key, so adding a judge does not
    /// recompute multiple-choice scores.</summary>
    private bool JudgeMayApply(StageContext context) => context.Spec.Scoring.Judge is not null && Benchmark(context).Judgeable;

    private IBenchmark Benchmark(StageContext context) =>
        _benchmarks.FirstOrDefault(b => b.Name == context.Benchmark.Name)
            ?? throw new InputException($"benchmark '{context.Benchmark.Name}' is not registered");

    private static GenerationOptions GenerationOptions(StageContext context, LoadedModel loaded)
    {
        var decode = context.Spec.Decode;
        return new GenerationOptions
        {
            MaxNewTokens = decode.MaxNewTokens,
            StopStrings = decode.StopStrings,
            StopTokenIds = loaded.Tokenizer.EosTokenId is { } eos ? [eos] : [],
            Strategy = decode.Strategy switch
            {
                DecodeStrategy.Sample => DecodingStrategy.Sample,
                DecodeStrategy.Beam => DecodingStrategy.Beam,
                _ => DecodingStrategy.Greedy,
            },
            Temperature = decode.Temperature,
            TopK = decode.TopK,
            TopP = decode.TopP,
            NumBeams = decode.NumBeams,
            Seed = context.Spec.Seed,
        };
    }
}
