using SvDecode.Eval.Tokenization.Chat;

namespace SvDecode.Eval.Data;

/// <summary>
/// How rendered items become the model's prompts after the split: few-shot examples from the train split before
/// every calibration and test prompt, then optionally the model's chat template around every prompt. Calibration
/// prompts get the same format as test prompts because μ̄ is solved for the prompts the test sees; warm-start training
/// items (the few-shot pool) stay zero-shot, in the chat format when it is on.
/// </summary>
public sealed record PromptFormat(FewShotOptions? FewShot = null, ChatTemplate? Chat = null)
{
    public static readonly PromptFormat Plain = new();

    /// <summary>What the dataset artifact and `inspect` record about the prompts made with this format.</summary>
    /// <param name="templateSource">"built-in", or the path of the .tmpl file.</param>
    public PromptManifest Manifest(TemplateInfo template, string templateSource, int seed) => new(
        template,
        templateSource,
        FewShot?.Count ?? 0,
        FewShot?.Sampling == FewShotSampling.FirstN ? "first_n" : "random",
        seed,
        Chat?.Path,
        Chat?.Sha256);

    public (IReadOnlyList<BenchmarkItem> Train, IReadOnlyList<BenchmarkItem> Calibration, IReadOnlyList<BenchmarkItem> Test) Apply(
        IReadOnlyList<BenchmarkItem> train, IReadOnlyList<BenchmarkItem> calibration, IReadOnlyList<BenchmarkItem> test)
    {
        if (FewShot is { Count: > 0 } fewShot)
        {
            calibration = FewShotSampler.Apply(calibration, train, fewShot);
            test = FewShotSampler.Apply(test, train, fewShot);
        }
        if (Chat is { } chat)
        {
            (train, calibration, test) = (InChat(train, chat), InChat(calibration, chat), InChat(test, chat));
        }
        return (train, calibration, test);
    }

    /// <summary>The prompt as the one user turn, ending with the assistant's generation prompt (a leading BOS the
    /// tokenizer adds anyway dropped: <see cref="ChatTemplate.PromptFor"/>); continuations and the
    /// target lose their leading whitespace (the answer starts the assistant's turn), as lm-evaluation-harness drops
    /// its target delimiter under a chat template.</summary>
    private static List<BenchmarkItem> InChat(IReadOnlyList<BenchmarkItem> items, ChatTemplate chat) =>
        items.Select(item =>
        {
            var prompt = chat.PromptFor(item.Prompt);
            return item with
            {
                Prompt = prompt,
                Choices = item.Choices.Select(c => c.TrimStart()).ToList(),
                Mc1 = Trimmed(item.Mc1),
                Mc2 = Trimmed(item.Mc2),
                WarmStart = new WarmStartExample(item.WarmStart.Prompt == item.Prompt ? prompt : chat.PromptFor(item.WarmStart.Prompt), item.WarmStart.Target.TrimStart()),
            };
        }).ToList();

    private static McTargets? Trimmed(McTargets? targets) =>
        targets is null ? null : targets with { Continuations = targets.Continuations.Select(c => c.TrimStart()).ToList() };
}
