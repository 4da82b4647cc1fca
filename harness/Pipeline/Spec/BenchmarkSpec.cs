using System.ComponentModel.DataAnnotations;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Pipeline.Spec;

public sealed record BenchmarkSpec : ISelfValidating
{
    [SpecDoc("a registered benchmark (svdecode-eval list benchmarks)")]
    public required string Name { get; init; }

    [SpecDoc("a name for this entry in results when one benchmark is listed twice (default: the benchmark name)")]
    [SpecName("id")]
    public string? Identifier { get; init; }

    [SpecDoc("the data file or folder, relative to the pipeline file")]
    public required string Data { get; init; }

    [SpecDoc("a training file for the warm-start where the benchmark has one, relative to the pipeline file")]
    public string? TrainData { get; init; }

    [SpecDoc("a passages file (BoolQ), relative to the pipeline file")]
    public string? Passages { get; init; }

    [SpecDoc("TruthfulQA's mc_task.json when it is not beside the CSV, relative to the pipeline file")]
    public string? McTask { get; init; }

    public SplitSpec Split { get; init; } = new();

    [SpecDoc("evaluate at most this many test items (after the split); --limit overrides it")]
    [Range(1, int.MaxValue)]
    public int? Limit { get; init; }

    [SpecDoc("skip malformed rows (and count them in the results) instead of failing")]
    public bool SkipBadRows { get; init; }

    [SpecDoc("the prompt template: a built-in name (svdecode-eval list templates) or a .tmpl file relative to the pipeline file (default: the benchmark's own)")]
    public string? Template { get; init; }

    [SpecDoc("solved train-split examples prefixed to every calibration and test prompt (0: zero-shot)")]
    [Range(0, 1024)]
    public int NumFewshot { get; init; }

    [SpecDoc("how few-shot examples are drawn: random (per item, seeded by the split seed and the item id) or first_n (the first train items)")]
    public FewShotSampling FewshotSampler { get; init; } = FewShotSampling.Random;

    [SpecDoc("render every prompt as one user turn of the model's chat template (tokenizer_config.json chat_template), ending with the assistant's generation prompt")]
    public bool ChatTemplate { get; init; }

    /// <summary>The name this benchmark carries in results and artifact keys.</summary>
    public string Id => Identifier ?? Name;

    public void Validate(SpecValidationContext context)
    {
        if (Template is not null && string.IsNullOrWhiteSpace(Template))
        {
            context.Error("template", "must name a template or a .tmpl file (leave it out for the benchmark's own)");
        }
    }
}

public sealed record SplitSpec
{
    [SpecDoc("fraction of questions used for warm-start training when the data has no training file (the rest is the test split)")]
    [Range(0.0, 1.0, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    public double TrainFraction { get; init; } = 0.8;

    [SpecDoc("warm-start on the data's own training split where it has one (false: split the evaluation items instead)")]
    public bool UseProvidedTrain { get; init; } = true;

    [SpecDoc("fraction of the training split held out to calibrate the steering strength")]
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double CalibrationFraction { get; init; } = 0.1;

    [SpecDoc("seed of the split (default: the pipeline seed)")]
    [Range(0, int.MaxValue)]
    public int? Seed { get; init; }
}
