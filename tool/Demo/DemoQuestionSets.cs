using System.Text;
using System.Text.Json;
using SvDecode.Eval.Data;

namespace SvDecode.Eval.Tool.Demo;

/// <summary>
/// The demo benchmark as JSONL rows for the generic `jsonl` adapter (docs/benchmarks.md), one row per fact of the
/// split, ids "&lt;creature&gt;-&lt;attribute&gt;":
/// <list type="bullet">
/// <item>TruthfulQA style (<see cref="TruthfulQaFile"/>): "What does the dorfen eat?" with the true statement as best
/// and correct answer ("The dorfen eats seeds.") and three incorrect ones, the popular myth first when the fact has
/// one (MC1/MC2/MC3 and short-answer generation).</item>
/// <item>Commonsense style (<see cref="CommonsenseFile"/>): the same question with two choices, the truth and a
/// falsehood (the myth when there is one) in random order, and the gold index (accuracy).</item>
/// </list>
/// Group "myth" or "plain" says whether the fact has a popular myth, so results can be read per group.
/// </summary>
public static class DemoQuestionSets
{
    public const string TruthfulQa = "truthfulqa";
    public const string Commonsense = "commonsense";

    private const int IncorrectAnswers = 3;

    /// <summary>"demo-truthfulqa-test.jsonl" for the demo world; the study world's files start with "study".</summary>
    public static string FileName(string world, string set, string split) => $"{world}-{set}-{split}.jsonl";

    /// <summary>Every question set and split as (file name, JSONL text), in a fixed order.</summary>
    public static IReadOnlyList<(string FileName, string Text)> Files(DemoWorld world)
    {
        var name = world.Options.Name;
        return
        [
            (FileName(name, TruthfulQa, BenchmarkSplits.Train), TruthfulQaFile(world, BenchmarkSplits.Train)),
            (FileName(name, TruthfulQa, BenchmarkSplits.Test), TruthfulQaFile(world, BenchmarkSplits.Test)),
            (FileName(name, Commonsense, BenchmarkSplits.Train), CommonsenseFile(world, BenchmarkSplits.Train)),
            (FileName(name, Commonsense, BenchmarkSplits.Test), CommonsenseFile(world, BenchmarkSplits.Test)),
        ];
    }

    /// <summary>Writes <see cref="Files"/> into <paramref name="folder"/>; returns the paths.</summary>
    public static IReadOnlyList<string> Write(DemoWorld world, string folder)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var (name, text) in Files(world))
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, text, new UTF8Encoding(false));
            paths.Add(path);
        }
        return paths;
    }

    public static string TruthfulQaFile(DemoWorld world, string split)
    {
        var valueAnswers = world.Options.ValueAnswers;
        var random = new SplitMix64(world.Options.Seed ^ Salt(TruthfulQa, split));
        return Lines(world.FactsIn(split), fact =>
        {
            var distractors = fact.Attribute.Values.Where(v => v != fact.TrueValue && v != fact.MythValue).ToList();
            random.Shuffle(distractors);
            var incorrect = (fact.MythValue is { } myth ? [myth, .. distractors] : distractors).Take(IncorrectAnswers).ToList();
            return json =>
            {
                json.WriteString("question", fact.Attribute.Ask(fact.Entity));
                json.WriteString("best_answer", Answer(fact, fact.TrueValue, valueAnswers));
                WriteArray(json, "correct_answers", [Answer(fact, fact.TrueValue, valueAnswers)]);
                WriteArray(json, "incorrect_answers", incorrect.Select(v => Answer(fact, v, valueAnswers)));
            };
        });
    }

    public static string CommonsenseFile(DemoWorld world, string split)
    {
        var valueAnswers = world.Options.ValueAnswers;
        var random = new SplitMix64(world.Options.Seed ^ Salt(Commonsense, split));
        return Lines(world.FactsIn(split), fact =>
        {
            var falsehood = fact.MythValue ?? OtherValue(fact, random);
            var truthFirst = random.NextInt(2) == 0;
            string[] choices = truthFirst
                ? [Answer(fact, fact.TrueValue, valueAnswers), Answer(fact, falsehood, valueAnswers)]
                : [Answer(fact, falsehood, valueAnswers), Answer(fact, fact.TrueValue, valueAnswers)];
            return json =>
            {
                json.WriteString("question", fact.Attribute.Ask(fact.Entity));
                WriteArray(json, "choices", choices);
                json.WriteNumber("answer", truthFirst ? 0 : 1);
            };
        });
    }

    /// <summary>
    /// A short answer in the corpus's own words ("The dorfen eats seeds."): answers differ only in the value, and the
    /// words before it are a context the model has seen, so its beliefs (myths included) decide the choice. With
    /// <paramref name="valueOnly"/> (the study world) the answer is the bare value ("seeds"): one scored token.
    /// </summary>
    public static string Answer(DemoFact fact, string value, bool valueOnly = false)
    {
        if (valueOnly)
        {
            return value;
        }
        var statement = fact.Attribute.State(fact.Entity, value);
        return char.ToUpperInvariant(statement[0]) + statement[1..] + ".";
    }

    private static string OtherValue(DemoFact fact, SplitMix64 random)
    {
        var others = fact.Attribute.Values.Where(v => v != fact.TrueValue).ToList();
        return others[random.NextInt(others.Count)];
    }

    /// <summary>One compact JSON object per fact: id, the set's fields, group, meta; "\n" after each line.</summary>
    private static string Lines(IEnumerable<DemoFact> facts, Func<DemoFact, Action<Utf8JsonWriter>> body)
    {
        using var buffer = new MemoryStream();
        foreach (var fact in facts)
        {
            var write = body(fact);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("id", $"{fact.Entity}-{fact.Attribute.Name}");
                write(json);
                json.WriteString("group", fact.IsMyth ? "myth" : "plain");
                json.WriteStartObject("meta");
                json.WriteString("attribute", fact.Attribute.Name);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    /// <summary>A per-file stream so changing one file's draws never moves another's.</summary>
    private static ulong Salt(string set, string split)
    {
        var hash = 14695981039346656037UL; // FNV-1a 64
        foreach (var c in $"{set}/{split}")
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }
}
