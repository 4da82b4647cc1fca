using System.Text.Json.Serialization;

namespace SvDecode.Eval.Tool.Demo;

/// <summary>
/// The knobs of the demo world and corpus. The defaults are the committed demo (models/demo, pipelines/data/demo);
/// <see cref="DemoWorlds.Study"/> is the study world. docs/demo.md explains why each has its value.
/// The study-only knobs are left out of pretrain.json when they hold the demo's value, so the demo's file keeps its bytes.
/// </summary>
public sealed record DemoWorldOptions
{
    /// <summary>Names the world in its benchmark files ("demo-truthfulqa-test.jsonl").</summary>
    [JsonIgnore]
    public string Name { get; init; } = DemoWorlds.Demo;

    /// <summary>The attributes every creature has; null: the demo's four (<see cref="DemoAttribute.All"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<DemoAttribute>? Attributes { get; init; }

    /// <summary>
    /// Answers are the bare value (" seeds", one token) rather than the statement (" The dorfen eats seeds."): every
    /// scored answer position is then the one where the model's belief, and so steering, decides.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ValueAnswers { get; init; }

    [JsonIgnore]
    public IReadOnlyList<DemoAttribute> AttributeList => Attributes ?? DemoAttribute.All;

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
        if (AttributeList.Count == 0 || AttributeList.Any(a => a.Values.Count < 4 || a.Values.Distinct().Count() != a.Values.Count))
        {
            throw new InputException("demo world: every attribute needs at least four distinct values (a TruthfulQA row has three incorrect answers).");
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
