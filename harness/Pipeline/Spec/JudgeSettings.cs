using System.ComponentModel.DataAnnotations;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>
/// An LLM judge for open-ended generation (TruthfulQA's GPT-judge / GPT-info protocol, method.md §6): a causal LM
/// folder and two yes/no prompt templates, giving truth, info and truth_info per generated answer. The folder is
/// checked (config.json of a supported causal LM, a tokenizer) by validation without loading the weights.
/// </summary>
public sealed record JudgeSettings : ISelfValidating
{
    public const string DefaultTruthTemplate = "truthfulqa-judge-truth";
    public const string DefaultInfoTemplate = "truthfulqa-judge-info";

    [SpecDoc("the judge's Hugging Face model folder (a supported causal LM with its tokenizer), relative to the pipeline file")]
    public required string Model { get; init; }

    [SpecDoc("the truthfulness prompt: a built-in template name (benchmarks/Templates) or a .tmpl file relative to the pipeline file")]
    public string TruthTemplate { get; init; } = DefaultTruthTemplate;

    [SpecDoc("the informativeness prompt: a template name or a .tmpl file relative to the pipeline file")]
    public string InfoTemplate { get; init; } = DefaultInfoTemplate;

    [SpecDoc("the dtype the judge's weights are converted to on load")]
    public ModelDtype Dtype { get; init; } = ModelDtype.Float32;

    [SpecDoc("where the judge runs (default: where the model runs)")]
    public ComputeDevice? Device { get; init; }

    [SpecDoc("judge prompts scored per forward pass")]
    [Range(1, 4096)]
    public int BatchSize { get; init; } = 8;

    /// <summary>A value naming a template file rather than a built-in template.</summary>
    public static bool IsTemplateFile(string value) => PromptTemplate.IsTemplateFile(value);

    public void Validate(SpecValidationContext context)
    {
        foreach (var (field, value) in new[] { ("truth_template", TruthTemplate), ("info_template", InfoTemplate) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                context.Error(field, "must name a template or a .tmpl file");
            }
        }
        if (Model is not null && string.IsNullOrWhiteSpace(Model))
        {
            context.Error("model", "must name the judge's model folder");
        }
    }
}
