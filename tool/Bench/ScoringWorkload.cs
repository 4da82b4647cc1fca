using SvDecode.Eval.Scoring;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Seeded multiple-choice items shaped like TruthfulQA MC as lm-evaluation-harness poses them: a context of a
/// few-shot QA preamble plus the question (128–160 tokens) and 4 to 13 answers of 4–20 tokens each. Random ids: the
/// cost of scoring depends on the shapes only. The PyTorch peer receives exactly these items.
/// </summary>
public sealed record ScoringWorkload(IReadOnlyList<ScoringItem> Items)
{
    public int RequestCount => Items.Sum(i => i.Answers.Count);

    public static ScoringWorkload Create(int items, int vocab, int seed)
    {
        var random = new Random(seed);
        int[] Tokens(int min, int max) => Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => random.Next(3, vocab)).ToArray();
        return new ScoringWorkload(Enumerable.Range(0, items)
            .Select(_ => new ScoringItem(Tokens(128, 160), Enumerable.Range(0, random.Next(4, 14)).Select(_ => Tokens(4, 20)).ToArray()))
            .ToList());
    }

    /// <summary>One log-likelihood request per answer, in item order.</summary>
    public IReadOnlyList<LogLikelihoodRequest> Requests() =>
        Items.SelectMany(i => i.Answers.Select(a => new LogLikelihoodRequest(i.Context, a))).ToList();
}

/// <summary>One question: its context ids and the ids of each answer.</summary>
public sealed record ScoringItem(IReadOnlyList<int> Context, IReadOnlyList<IReadOnlyList<int>> Answers);
