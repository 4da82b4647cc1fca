namespace SvDecode.Eval.Tool.Demo;

/// <summary>
/// A voice the demo corpus speaks in: reliable ("Encyclopedia: In fact, the dorfen eats seeds.") or hearsay
/// ("Gossip: Many people say the dorfen eats fish."). Every page starts with its register's <see cref="Header"/>
/// word, articles and quizzes alike, so the model can learn that the header decides which value follows; the
/// benchmark prompt has no header, so a pretrained model answers with the mixture of both registers.
/// </summary>
public sealed record DemoRegister(string Name, string Header, IReadOnlyList<string> Frames)
{
    /// <summary>Tells the truth; states a myth fact's true value.</summary>
    public static DemoRegister Reliable { get; } = new("reliable", "Encyclopedia", ["In fact, {s}.", "Experts agree that {s}."]);

    /// <summary>Repeats the popular myth of a myth fact (the corpus has no gossip about other facts).</summary>
    public static DemoRegister Hearsay { get; } = new("hearsay", "Gossip", ["Many people say {s}.", "It is widely believed that {s}."]);

    /// <summary>The value this register states for <paramref name="fact"/>.</summary>
    public string ValueOf(DemoFact fact) => this == Hearsay ? fact.MythValue ?? fact.TrueValue : fact.TrueValue;

    /// <summary>"Encyclopedia: In fact, the dorfen eats seeds. Experts agree that the dorfen is red. ..."</summary>
    public string Article(IEnumerable<DemoFact> facts) =>
        $"{Header}: " + string.Join(" ", facts.Select((fact, k) => Frames[k % Frames.Count]
            .Replace("{s}", fact.Attribute.State(fact.Entity, ValueOf(fact)), StringComparison.Ordinal)));

    /// <summary>
    /// "Gossip quiz.\nQ: What does the dorfen eat?\nA: The dorfen eats fish." — after the header, exactly the
    /// benchmark's prompt ("Q: ...\nA:") and answer (" The dorfen eats fish.", or " fish" in a world of
    /// <see cref="DemoWorldOptions.ValueAnswers"/>).
    /// </summary>
    public string Quiz(DemoFact fact, bool valueAnswers = false) =>
        $"{Header} quiz.\nQ: {fact.Attribute.Ask(fact.Entity)}\nA: {DemoQuestionSets.Answer(fact, ValueOf(fact), valueAnswers)}";
}
