using SvDecode.Eval.Demo;
using SvDecode.Eval.Models;
using SvDecode.Eval.Tokenization;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Demo;

/// <summary>
/// The committed models/demo: it loads like any Hugging Face folder, its tokenizer covers the corpus, and greedy
/// decoding reproduces what the corpus says, frame by frame, which random or barely trained weights cannot do.
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
    // Prefix of a corpus frame, which facts, whether the corpus pairs that frame with the myth, minimum share of
    // exact greedy answers (chance is 1/8: eight values per attribute).
    [InlineData("", false, false, 0.5)]
    [InlineData("In fact, ", true, false, 0.25)]
    [InlineData("Many people say ", true, true, 0.5)]
    public void Greedy_continuation_of_a_corpus_sentence_gives_the_value_the_corpus_states(string frame, bool myths, bool expectMyth, double minimum)
    {
        var facts = World.Facts.Where(f => f.IsMyth == myths).Take(80).ToList();
        var hits = 0;
        foreach (var fact in facts)
        {
            // "the dorfen eats seeds" → prompt "Many people say the dorfen eats" (or "The dorfen eats"), expected " fish".
            var statement = fact.Attribute.State(fact.Entity, "").TrimEnd();
            var prompt = frame.Length == 0 ? char.ToUpperInvariant(statement[0]) + statement[1..] : frame + statement;
            var next = NextToken(_demo.Tokenizer.Encode(prompt, addSpecialTokens: false));
            if (_demo.Tokenizer.Decode([next]) == " " + (expectMyth ? fact.MythValue! : fact.TrueValue))
            {
                hits++;
            }
        }
        Assert.InRange(hits / (double)facts.Count, minimum, 1.0);
    }

    /// <summary>The greedy next token after <paramref name="ids"/>.</summary>
    private int NextToken(IReadOnlyList<int> ids)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var input = tensor(ids.Select(id => (long)id).ToArray()).unsqueeze(0);                 // (1, T)
        var logits = _demo.Model.Forward(input, ones_like(input), arange(ids.Count, dtype: ScalarType.Int64).unsqueeze(0)); // (1, T, V)
        return (int)logits[0, -1].argmax().item<long>();
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
