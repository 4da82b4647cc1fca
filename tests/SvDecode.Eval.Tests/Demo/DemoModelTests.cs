using SvDecode.Eval.Data;
using SvDecode.Eval.Models;
using SvDecode.Eval.Tokenization;
using SvDecode.Eval.Tool.Demo;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Demo;

/// <summary>
/// The committed models/demo: it loads like any Hugging Face folder, its tokenizer covers the corpus, and on test
/// creatures it believes what the corpus's registers say: the myth after a "Gossip quiz." header or none, the truth
/// after "Encyclopedia quiz.", which random or barely trained weights cannot do.
/// </summary>
public sealed class DemoModelTests : IClassFixture<DemoModelTests.LoadedDemo>
{
    private static readonly DemoWorld World = DemoWorld.Generate(new DemoWorldOptions());
    private readonly LoadedDemo _demo;

    public DemoModelTests(LoadedDemo demo) => _demo = demo;

    [Fact]
    public void Folder_is_a_small_llama_in_hugging_face_layout()
    {
        var config = _demo.Model.Config;
        Assert.Equal(ModelArchitecture.Llama, config.Architecture);
        Assert.Equal(4, config.NumLayers);
        Assert.Equal(128, config.HiddenSize);
        Assert.Equal(_demo.Tokenizer.VocabSize, config.VocabSize);
        Assert.Equal(_demo.Tokenizer.EosTokenId, config.EosTokenIds.Single());
        Assert.InRange(new FileInfo(Path.Combine(DemoPaths.Model, "model.safetensors")).Length, 1, 16L * 1024 * 1024);
        Assert.True(File.Exists(Path.Combine(DemoPaths.Model, "tokenizer_config.json")));
    }

    [Fact]
    public void Tokenizer_round_trips_corpus_and_questions_in_few_tokens()
    {
        var pages = DemoCorpus.Generate(World).Take(200).ToList();
        foreach (var page in pages)
        {
            Assert.Equal(page, _demo.Tokenizer.Decode(_demo.Tokenizer.Encode(page, addSpecialTokens: false)));
        }
        // Trained on this text, the BPE spells a creature and its value in a handful of tokens, not bytes.
        var fact = World.Facts[0];
        Assert.InRange(_demo.Tokenizer.Encode(" " + fact.Attribute.State(fact.Entity, fact.TrueValue), addSpecialTokens: false).Count, 4, 8);
        foreach (var attribute in DemoAttribute.All)
        {
            Assert.All(attribute.Values, v => Assert.Single(_demo.Tokenizer.Encode(" " + v, addSpecialTokens: false)));
        }
    }

    // Measured on the committed model over the first 80 test-creature myth facts (docs/demo.md): mean log p(truth) −
    // log p(myth) is −1.51 nats with no header, −1.29 after "Gossip quiz.", −0.46 after "Encyclopedia quiz.".
    // The floors below sit well inside those margins and far from what an untrained or header-blind model gives.
    [Fact]
    public void Header_less_quiz_leans_to_the_myth_and_the_encyclopedia_header_pulls_toward_the_truth()
    {
        var facts = World.FactsIn(BenchmarkSplits.Test).Where(f => f.IsMyth).Take(80).ToList();
        double MeanGap(string header) => facts.Average(fact =>
        {
            var prompt = $"{header}Q: {fact.Attribute.Ask(fact.Entity)}\nA:";
            return LogLikelihood(prompt, " " + DemoQuestionSets.Answer(fact, fact.TrueValue))
                - LogLikelihood(prompt, " " + DemoQuestionSets.Answer(fact, fact.MythValue!));
        });
        var none = MeanGap("");
        var gossip = MeanGap("Gossip quiz.\n");
        var encyclopedia = MeanGap("Encyclopedia quiz.\n");
        Assert.True(none < -0.75, $"header-less gap {none}: the benchmark prompt should favour the myth");
        Assert.True(encyclopedia - none > 0.5, $"encyclopedia {encyclopedia} vs header-less {none}");
        Assert.True(encyclopedia - gossip > 0.4, $"encyclopedia {encyclopedia} vs gossip {gossip}");
    }

    [Fact]
    public void Header_less_quiz_knows_the_value_of_a_fact_without_myth_well_above_chance()
    {
        // Argmax of the eight values' answers is the truth for 40 % of the first 80 plain test facts (chance 12.5 %).
        var facts = World.FactsIn(BenchmarkSplits.Test).Where(f => !f.IsMyth).Take(80).ToList();
        var hits = facts.Count(fact =>
        {
            var prompt = $"Q: {fact.Attribute.Ask(fact.Entity)}\nA:";
            var scores = fact.Attribute.Values.ToDictionary(v => v, v => LogLikelihood(prompt, " " + DemoQuestionSets.Answer(fact, v)));
            return scores.MaxBy(p => p.Value).Key == fact.TrueValue;
        });
        Assert.InRange(hits / (double)facts.Count, 0.25, 1.0);
    }

    /// <summary>Sum of log p(answer token | everything before it) after <paramref name="prompt"/>.</summary>
    private double LogLikelihood(string prompt, string answer)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var promptLength = _demo.Tokenizer.Encode(prompt, addSpecialTokens: false).Count;
        var ids = _demo.Tokenizer.Encode(prompt + answer, addSpecialTokens: false).Select(id => (long)id).ToArray();
        var input = tensor(ids).unsqueeze(0);                                                  // (1, T)
        var logits = _demo.Model.Forward(input, ones_like(input), arange(ids.Length, dtype: ScalarType.Int64).unsqueeze(0)); // (1, T, V)
        var logProbs = logits[0].log_softmax(-1);                                              // (T, V)
        var total = 0.0;
        for (var i = promptLength; i < ids.Length; i++)
        {
            total += logProbs[i - 1, ids[i]].item<float>();
        }
        return total;
    }

    public sealed class LoadedDemo : IDisposable
    {
        public LoadedDemo()
        {
            Model = ModelLoader.Load(DemoPaths.Model);
            Tokenizer = TokenizerLoader.Load(DemoPaths.Model);
        }

        public CausalLanguageModel Model { get; }

        public ITextTokenizer Tokenizer { get; }

        public void Dispose() => Model.Dispose();
    }
}
