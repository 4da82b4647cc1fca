namespace SvDecode.Eval.Data;

/// <summary>
/// How a benchmark's prompts were made, recorded in the dataset artifact: the template (name@version and where it came
/// from: "built-in" or the .tmpl file), the few-shot count, sampler and seed (each item lists its examples' ids in
/// <see cref="BenchmarkItem.FewShotIds"/>), and the chat template's tokenizer_config.json and SHA-256 when one was used.
/// </summary>
public sealed record PromptManifest(
    TemplateInfo Template,
    string TemplateSource,
    int NumFewshot,
    string FewshotSampler,
    int FewshotSeed,
    string? ChatTemplate,
    string? ChatTemplateSha256);
