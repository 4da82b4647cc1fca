using SvDecode.Eval.Data;

namespace SvDecode.Eval.Judging;

/// <summary>
/// A yes/no judge prompt (TruthfulQA's GPT-judge format): the <c>prompt</c> section with <c>{question}</c> and
/// <c>{answer}</c>, the positive continuation in <c>target</c> (" yes") and the negative one in <c>negative</c> (" no").
/// </summary>
public sealed class JudgePrompt
{
    public const string NegativeSection = "negative";

    private readonly PromptTemplate _template;

    public JudgePrompt(PromptTemplate template, string source)
    {
        if (!template.HasSection(NegativeSection))
        {
            throw new InputException($"{source}: judge template {template.Info} has no '=== {NegativeSection}' section (the \"no\" continuation).");
        }
        _template = template;
        var empty = new Dictionary<string, string>();
        Yes = template.Render(PromptTemplate.TargetSection, empty);
        No = template.Render(NegativeSection, empty);
        if (Yes.Length == 0 || No.Length == 0 || Yes == No)
        {
            throw new InputException($"{source}: judge template {template.Info} needs two different, non-empty continuations in 'target' and '{NegativeSection}'.");
        }
    }

    public TemplateInfo Info => _template.Info;

    /// <summary>The continuation meaning "yes" (" yes" in the TruthfulQA templates).</summary>
    public string Yes { get; }

    /// <summary>The continuation meaning "no".</summary>
    public string No { get; }

    /// <summary>The judge's context for one answer. Question and answer are trimmed, as TruthfulQA's judge did.</summary>
    public string Render(string question, string answer) =>
        _template.Render(PromptTemplate.PromptSection, new Dictionary<string, string>
        {
            ["question"] = question.Trim(),
            ["answer"] = answer.Trim(),
        });
}
