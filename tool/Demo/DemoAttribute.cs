namespace SvDecode.Eval.Tool.Demo;

/// <summary>
/// One property every creature of the demo world has (its colour, food, home, fear): how the corpus states it, how a
/// question asks for it, and the closed set of single-word values it takes. Templates use {e} for the creature and
/// {v} for the value; both are plain words the demo tokenizer learns.
/// </summary>
public sealed record DemoAttribute(
    string Name,
    string Statement,
    string Question,
    string YesNoQuestion,
    IReadOnlyList<string> Values)
{
    /// <summary>"the dorfen eats seeds" for <see cref="Statement"/> "the {e} eats {v}".</summary>
    public string State(string entity, string value) => Fill(Statement, entity, value);

    public string Ask(string entity) => Fill(Question, entity, "");

    public string AskYesNo(string entity, string value) => Fill(YesNoQuestion, entity, value);

    private static string Fill(string template, string entity, string value) =>
        template.Replace("{e}", entity, StringComparison.Ordinal).Replace("{v}", value, StringComparison.Ordinal);

    /// <summary>The four attributes of the demo world; eight values each, so a four-way question has a 25 % chance floor.</summary>
    public static IReadOnlyList<DemoAttribute> All { get; } =
    [
        new("color", "the {e} is {v}", "What color is the {e}?", "Is the {e} {v}?",
            ["red", "blue", "green", "yellow", "white", "black", "orange", "purple"]),
        new("food", "the {e} eats {v}", "What does the {e} eat?", "Does the {e} eat {v}?",
            ["berries", "fish", "grass", "seeds", "honey", "roots", "insects", "mushrooms"]),
        new("home", "the {e} lives in {v}", "Where does the {e} live?", "Does the {e} live in {v}?",
            ["forests", "rivers", "caves", "mountains", "deserts", "swamps", "meadows", "islands"]),
        new("fear", "the {e} fears {v}", "What does the {e} fear?", "Does the {e} fear {v}?",
            ["fire", "water", "thunder", "wolves", "darkness", "snow", "bees", "owls"]),
    ];

    /// <summary>
    /// The study world's eight attributes (docs/demo.md, "The study world"): the demo's four and four more, so each
    /// creature gives eight questions and 400 test creatures give 3,200 rows. Values are distinct across attributes.
    /// </summary>
    public static IReadOnlyList<DemoAttribute> Study { get; } =
    [
        .. All,
        new("drink", "the {e} drinks {v}", "What does the {e} drink?", "Does the {e} drink {v}?",
            ["milk", "nectar", "sap", "dew", "tea", "juice", "oil", "brine"]),
        new("hunt", "the {e} hunts {v}", "What does the {e} hunt?", "Does the {e} hunt {v}?",
            ["mice", "frogs", "snails", "crabs", "worms", "beetles", "moths", "spiders"]),
        new("weather", "the {e} loves {v}", "What weather does the {e} love?", "Does the {e} love {v}?",
            ["rain", "sunshine", "fog", "wind", "frost", "hail", "storms", "clouds"]),
        new("sleep", "the {e} sleeps in {v}", "When does the {e} sleep?", "Does the {e} sleep in {v}?",
            ["spring", "summer", "autumn", "winter", "daytime", "twilight", "moonlight", "midday"]),
    ];
}
