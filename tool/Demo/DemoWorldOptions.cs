namespace SvDecode.Eval.Tool.Demo;

/// <summary>
/// The knobs of the demo world and corpus. The defaults are the committed demo (models/demo, pipelines/data/demo);
/// docs/demo.md explains why each has its value.
/// </summary>
public sealed record DemoWorldOptions
{
    public ulong Seed { get; init; } = 20250919;

    public int TrainEntities { get; init; } = 80;

    /// <summary>Test creatures; with four attributes each gives four test questions per question set.</summary>
    public int TestEntities { get; init; } = 100;

    /// <summary>Share of facts (per mille) that carry a popular myth.</summary>
    public int MythPerMille { get; init; } = 700;

    /// <summary>Reliable ("Encyclopedia:") articles per creature, one sentence per attribute.</summary>
    public int ReliableArticles { get; init; } = 1;

    /// <summary>Hearsay ("Gossip:") articles per creature: more than reliable ones, so myths are the louder voice.</summary>
    public int HearsayArticles { get; init; } = 2;

    /// <summary>Reliable quiz pages per fact ("Encyclopedia quiz.\nQ: ...\nA: ...", the true answer).</summary>
    public int ReliableQuizzes { get; init; } = 1;

    /// <summary>Hearsay quiz pages per fact (the myth's answer for a myth fact): more than reliable ones.</summary>
    public int HearsayQuizzes { get; init; } = 2;

    public void Validate()
    {
        if (TrainEntities < 1 || TestEntities < 1 || TrainEntities + TestEntities > 2000)
        {
            throw new InputException($"demo world: train_entities ({TrainEntities}) and test_entities ({TestEntities}) must be at least 1 and together at most 2000.");
        }
        if (MythPerMille is < 0 or > 1000)
        {
            throw new InputException($"demo world: myth_per_mille ({MythPerMille}) must be in 0..1000.");
        }
        if (ReliableArticles < 0 || HearsayArticles < 0 || ReliableQuizzes < 1 || HearsayQuizzes < 1)
        {
            throw new InputException("demo world: article counts must be non-negative and quiz counts at least 1.");
        }
    }
}
