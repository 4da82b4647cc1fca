using SvDecode.Eval.Data;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Benchmarks;

/// <summary>Hand-checked pieces of rendered prompts, independent of the snapshots.</summary>
public sealed class CommonsensePromptTests
{
    [SharedFact("data/siqa")]
    public void Siqa_choices_are_taken_out_of_the_instruction()
    {
        var item = SharedBenchmarkData.Load("siqa").Split(BenchmarkSplits.Test)[0];
        Assert.Equal(["make a new plan", "Go home and see Riley", "Find somewhere to go"], item.ChoiceTexts);
        Assert.Equal(["answer1", "answer2", "answer3"], item.AnswerLabels);
        Assert.Equal(2, item.GoldIndex);
        Assert.Equal("the correct answer is answer2", item.Choices[1]);
        Assert.StartsWith("Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n### Instruction:\nPlease choose the correct answer to the question: Tracy didn't go home", item.Prompt, StringComparison.Ordinal);
        Assert.EndsWith("Answer format: answer1/answer2/answer3\n\n### Response:\n", item.Prompt, StringComparison.Ordinal);
        Assert.Equal(item.Prompt, item.WarmStart.Prompt);
        Assert.Equal("the correct answer is answer3", item.WarmStart.Target);
    }

    [SharedFact("data/winogrande")]
    public void Winogrande_options_end_before_the_answer_format()
    {
        var item = SharedBenchmarkData.Load("winogrande").Split(BenchmarkSplits.Test)[0];
        Assert.Equal(["Sarah", "Maria"], item.ChoiceTexts);
        Assert.Equal(["option1", "option2"], item.AnswerLabels);
        Assert.Equal(1, item.GoldIndex);
    }

    [SharedFact("data/hellaswag")]
    public void Hellaswag_instruction_is_built_like_llm_adapters()
    {
        var item = SharedBenchmarkData.Load("hellaswag").Split(BenchmarkSplits.Test)[0];
        Assert.Contains("### Instruction:\nPlease choose the correct ending to complete the given sentence: Roof shingle removal: A man is sitting on a roof. he\n\nEnding1: is using wrap to wrap a pair of skis. Ending2: is ripping level tiles off. Ending3: is holding a rubik's cube. Ending4: starts pulling up roofing on a roof.\n\nAnswer format: ending1/ending2/ending3/ending4\n\n### Response:\n", item.Prompt, StringComparison.Ordinal);
        Assert.Equal(3, item.GoldIndex);
        Assert.Equal("the correct answer is ending4", item.WarmStart.Target);
    }

    [SharedFact("data/mmlu")]
    public void Mmlu_prompt_lists_letters_and_ends_with_answer()
    {
        var item = SharedBenchmarkData.Load("mmlu").Split(BenchmarkSplits.Dev)[0];
        Assert.Equal("mmlu:dev:abstract_algebra:0", item.Id);
        Assert.StartsWith("The following are multiple choice questions (with answers) about abstract algebra.\n\n", item.Prompt, StringComparison.Ordinal);
        Assert.EndsWith("\nAnswer:", item.Prompt, StringComparison.Ordinal);
        Assert.Equal([" A", " B", " C", " D"], item.Choices);
    }
}
