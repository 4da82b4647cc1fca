namespace SvDecode.Eval.Tool.Demo;

/// <summary>
/// The two worlds `pretrain --world` builds: the quickstart's demo (models/demo, the default options) and the study
/// world (models/study) built for the issue-22 study, where steering has room to act: bare-value answers, so every
/// scored position is one the model's belief decides; eight attributes and 400 test creatures, so 3,200 test rows
/// give tight paired intervals (docs/demo.md, "The study world").
/// </summary>
public static class DemoWorlds
{
    public const string Demo = "demo";

    public const string Study = "study";

    public static IReadOnlyList<string> Names { get; } = [Demo, Study];

    /// <summary>The full options of <paramref name="name"/>: its world and its pretraining run.</summary>
    public static DemoPretrainOptions Options(string name) => name switch
    {
        Demo => new DemoPretrainOptions(),
        Study => StudyOptions,
        _ => throw new InputException($"pretrain: --world '{name}' is not a world; allowed: {string.Join(", ", Names)}."),
    };

    private static DemoPretrainOptions StudyOptions { get; } = new()
    {
        World = new DemoWorldOptions
        {
            Name = Study,
            Seed = 20261206,
            Attributes = DemoAttribute.Study,
            ValueAnswers = true,
            TrainEntities = 80,
            TestEntities = 400,
            // Quiz pages only: the corpus is then 167k tokens rather than 263k (with the demo's articles), so the same
            // steps see each fact more often.
            ReliableArticles = 0,
            HearsayArticles = 0,
        },
        Steps = 10000,
        ReshufflePages = true,
    };
}
