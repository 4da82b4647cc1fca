using SvDecode.Eval.Data;
using SvDecode.Eval.Demo;
using SvDecode.Eval.Models;
using SvDecode.Eval.Tokenization;
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

    [Theory]
    // Register header before the benchmark prompt, which facts, minimum share of facts whose true answer the model
    // scores above the myth (myth facts) or above all seven other values (plain facts). Measured on the committed
    // model (docs/demo.md): the floors sit well below the measured shares and well above what the opposite belief
    // would give.
    [InlineData("", true, 0.0, 0.40)]                     // header-less: the myth-leaning mixture, truth rarely wins
    [InlineData("Gossip quiz.\n", true, 0.0, 0.30)]        // hearsay: the myth wins
    [InlineData("Encyclopedia quiz.\n", true, 0.60, 1.0)]  // reliable: the truth wins
    [InlineData("", false, 0.60, 1.0)]                    // a fact without a myth: the model knows its value
    public void Register_header_decides_between_truth_and_myth(string header, bool myths, double minimum, double maximum)
    {
        var facts = World.FactsIn(BenchmarkSplits.Test).Where(f => f.IsMyth == myths).Take(60).ToList();
        var truthWins = 0;
        foreach (var fact in facts)
        {
            var prompt = $"{header}Q: {fact.Attribute.Ask(fact.Entity)}\nA:";
            var truth = LogLikelihood(prompt, " " + DemoQuestionSets.Answer(fact, fact.TrueValue));
            List<string> rivals = myths
                ? [fact.MythValue!]
                : fact.Attribute.Values.Where(v => v != fact.TrueValue).ToList();
            if (rivals.All(v => truth > LogLikelihood(prompt, " " + DemoQuestionSets.Answer(fact, v))))
            {
                truthWins++;
            }
        }
        Assert.InRange(truthWins / (double)facts.Count, minimum, maximum);
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
