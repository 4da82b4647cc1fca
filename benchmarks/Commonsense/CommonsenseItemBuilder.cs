using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>Renders one commonsense question with the LLM-Adapters template into a <see cref="BenchmarkItem"/>.</summary>
public static class CommonsenseItemBuilder
{
    public static BenchmarkItem Build(PromptTemplate template, string id, string instruction, string? input,
        ParsedQuestion question, int goldIndex)
    {
        var promptFields = new Dictionary<string, string>(StringComparer.Ordinal) { ["instruction"] = instruction };
        var section = PromptTemplate.PromptSection;
        if (input is not null)
        {
            promptFields["input"] = input;
            section = "prompt_with_input";
        }
        var prompt = template.Render(section, promptFields);
        var choices = new List<string>(question.ChoiceTexts.Count);
        for (var k = 0; k < question.ChoiceTexts.Count; k++)
        {
            choices.Add(template.Render(PromptTemplate.ChoiceSection, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["choice"] = question.ChoiceTexts[k],
                ["label"] = question.Labels[k],
            }));
        }
        var target = template.Render(PromptTemplate.TargetSection, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["gold_label"] = question.Labels[goldIndex],
            ["gold_choice"] = question.ChoiceTexts[goldIndex],
        });
        return new BenchmarkItem
        {
            Id = id,
            Prompt = prompt,
            Choices = choices,
            ChoiceTexts = question.ChoiceTexts,
            GoldIndex = goldIndex,
            AnswerLabels = question.Labels,
            WarmStart = new WarmStartExample(prompt, target),
        };
    }
}
