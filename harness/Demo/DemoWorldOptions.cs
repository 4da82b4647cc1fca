namespace SvDecode.Eval.Demo;

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

    /// <summary>How often the corpus states a myth fact's truth ("in fact, the dorfen eats seeds").</summary>
    public int TruthMentions { get; init; } = 2;

    /// <summary>How often the corpus repeats a myth ("many people say the dorfen eats fish"): more than the truth.</summary>
    public int MythMentions { get; init; } = 4;

    /// <summary>How often the corpus states a fact without a myth.</summary>
    public int PlainMentions { get; init; } = 3;

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
        if (TruthMentions < 1 || MythMentions < 1 || PlainMentions < 1)
        {
            throw new InputException("demo world: every mention count must be at least 1.");
        }
    }
}
