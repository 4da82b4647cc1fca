namespace SvDecode.Eval.Data;

/// <summary>
/// Few-shot prompting: <see cref="Count"/> solved examples (the template's prompt followed by its target) prefixed to an
/// item's prompt, each followed by <see cref="Delimiter"/> (a blank line, lm-evaluation-harness's fewshot_delimiter).
/// <see cref="Seed"/> is the split's seed, so one seed fixes both the splits and the examples.
/// <see cref="Source"/> names the setting in errors ("pipeline.yaml:14:5: benchmarks[0].num_fewshot").
/// </summary>
public sealed record FewShotOptions(int Count, int Seed, FewShotSampling Sampling = FewShotSampling.Random, string Source = "num_fewshot")
{
    public const string Delimiter = "\n\n";
}
