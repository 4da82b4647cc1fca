using SvDecode.Eval.Data;

namespace SvDecode.Eval.Tool.Demo;

/// <summary>
/// The seeded synthetic world behind the demo model and benchmark: invented creatures ("the dorfen"), each with one
/// true value per <see cref="DemoAttribute"/>; a share of those facts carry a popular myth. Creatures are split into
/// train and test, so no test fact is ever a training target. Everything follows from <see cref="DemoWorldOptions"/>.
/// </summary>
public sealed class DemoWorld
{
    private static readonly string[] Onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"];
    private static readonly string[] Nuclei = ["a", "e", "i", "o", "u"];
    private static readonly string[] Codas = ["n", "r", "l", "x", "m", "sk"];

    private DemoWorld(DemoWorldOptions options, IReadOnlyList<string> entities, IReadOnlyList<DemoFact> facts)
    {
        Options = options;
        Entities = entities;
        Facts = facts;
    }

    public DemoWorldOptions Options { get; }

    /// <summary>Creature names in generation order (the first <see cref="DemoWorldOptions.TrainEntities"/> are train).</summary>
    public IReadOnlyList<string> Entities { get; }

    /// <summary>Every fact, creature by creature, attributes in <see cref="DemoWorldOptions.AttributeList"/> order.</summary>
    public IReadOnlyList<DemoFact> Facts { get; }

    public IEnumerable<DemoFact> FactsIn(string split) => Facts.Where(f => f.Split == split);

    public static DemoWorld Generate(DemoWorldOptions options)
    {
        options.Validate();
        var random = new SplitMix64(options.Seed);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var entities = new List<string>();
        while (entities.Count < options.TrainEntities + options.TestEntities)
        {
            // Two syllables, consonant-vowel then consonant-vowel-coda: "dorfen" is rare in English, so the model
            // can only know it from the corpus.
            var name = Onsets[random.NextInt(Onsets.Length)] + Nuclei[random.NextInt(Nuclei.Length)]
                + Onsets[random.NextInt(Onsets.Length)] + Nuclei[random.NextInt(Nuclei.Length)] + Codas[random.NextInt(Codas.Length)];
            if (names.Add(name))
            {
                entities.Add(name);
            }
        }
        var facts = new List<DemoFact>();
        for (var i = 0; i < entities.Count; i++)
        {
            var split = i < options.TrainEntities ? BenchmarkSplits.Train : BenchmarkSplits.Test;
            foreach (var attribute in options.AttributeList)
            {
                var truth = attribute.Values[random.NextInt(attribute.Values.Count)];
                string? myth = null;
                if (random.NextInt(1000) < options.MythPerMille)
                {
                    myth = MythOf(attribute, truth);
                }
                facts.Add(new DemoFact(entities[i], attribute, truth, myth, split));
            }
        }
        return new DemoWorld(options, entities, facts);
    }

    /// <summary>
    /// The popular myth about a value: the next value of the attribute's list, cyclically ("seeds" → "honey"). A
    /// systematic distortion, not a random one: hearsay follows one rule that a small model can learn as a mode, and
    /// that a warm-start on train creatures can learn to switch off for every creature. (With a random myth per fact
    /// the pretrained model learnt the frequency mixture but not which register says what; docs/demo.md.)
    /// </summary>
    public static string MythOf(DemoAttribute attribute, string truth)
    {
        var index = attribute.Values.ToList().IndexOf(truth);
        return attribute.Values[(index + 1) % attribute.Values.Count];
    }
}
