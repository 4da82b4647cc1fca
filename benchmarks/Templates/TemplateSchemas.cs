using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.Templates;

/// <summary>The sections and fields each family of benchmarks renders (the field lists in the templates' comments, as
/// checked data): a user's template for a benchmark is checked against its family's schema.</summary>
public static class TemplateSchemas
{
    public static readonly TemplateSchema TruthfulQa = new(TemplateLibrary.TruthfulQa,
    [
        new(PromptTemplate.PromptSection, ["question"]),
        new(PromptTemplate.ChoiceSection, ["choice"]),
        new(PromptTemplate.TargetSection, ["best_answer"]),
    ]);

    public static readonly TemplateSchema Commonsense = new(TemplateLibrary.Commonsense,
    [
        new(PromptTemplate.PromptSection, ["instruction"]),
        new("prompt_with_input", ["instruction", "input"], Required: false),
        new(PromptTemplate.ChoiceSection, ["choice", "label"]),
        new(PromptTemplate.TargetSection, ["gold_label", "gold_choice"]),
    ]);

    public static readonly TemplateSchema Mmlu = new(TemplateLibrary.Mmlu,
    [
        new(PromptTemplate.PromptSection, ["subject", "question", "A", "B", "C", "D"]),
        new(PromptTemplate.ChoiceSection, ["choice", "label"]),
        new(PromptTemplate.TargetSection, ["gold_label", "gold_choice"]),
    ]);

    public static readonly TemplateSchema Jsonl = new(TemplateLibrary.Jsonl,
    [
        new(PromptTemplate.PromptSection, ["question"]),
        new(PromptTemplate.ChoiceSection, ["choice", "label"]),
        new(PromptTemplate.TargetSection, ["best_answer"]),
    ]);

    /// <summary>The template a load uses: the request's own (a pipeline's <c>template:</c>) or the schema's default.</summary>
    public static PromptTemplate Resolve(TemplateSchema schema, BenchmarkLoadRequest request) =>
        request.Template ?? TemplateLibrary.Get(schema.DefaultTemplate);
}
