using SvDecode.Eval.Tokenization;
using Xunit;

namespace SvDecode.Eval.Tests.Tokenization;

public sealed class BpeTrainerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("svdecode-bpe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly string[] Corpus =
    [
        "the cat sat on the mat. the cat is happy.",
        "the dog sat on the log; the dog is sleepy.",
        "Once upon a time the cat and the dog met on the mat.",
        "Zürich, 東京 and emoji 😀 appear once.",
    ];

    [Fact]
    public void TrainsToTheTargetSizeAndTheLoaderReadsItBack()
    {
        var trained = BpeTrainer.Train(Corpus, vocabSize: 270);
        Assert.Equal(270, trained.VocabSize);
        trained.Save(_folder);

        var tokenizer = TokenizerLoader.Load(_folder);
        Assert.Equal(270, tokenizer.VocabSize);
        Assert.Equal(269, tokenizer.EosTokenId);
        Assert.Equal(269, tokenizer.TokenToId("<|endoftext|>"));
        foreach (var text in Corpus.Append("unseen words: Ωmega\t\n  spaces"))
        {
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
        }
        Assert.Equal([269], tokenizer.Encode("<|endoftext|>", addSpecialTokens: false));
    }

    [Fact]
    public void TheMostFrequentWordBecomesOneToken()
    {
        var tokenizer = Save(BpeTrainer.Train(Corpus, vocabSize: 300));
        // " the" is the most frequent word (8 times): it is learned whole ("Ġthe") long before merges run out.
        Assert.Single(tokenizer.Encode(" the", addSpecialTokens: false));
        Assert.Equal("Ġthe", tokenizer.IdToToken(tokenizer.Encode(" the", addSpecialTokens: false)[0]));
        // Bytes never seen still encode, one id per byte.
        Assert.Equal(3, tokenizer.Encode("€", addSpecialTokens: false).Count);
    }

    [Fact]
    public void TrainingIsDeterministic()
    {
        var first = BpeTrainer.Train(Corpus, vocabSize: 300);
        var second = BpeTrainer.Train(Corpus.Reverse(), vocabSize: 300);
        Assert.Equal(first.Merges, second.Merges);
        Assert.Equal(first.Vocab, second.Vocab);
    }

    [Fact]
    public void StopsWhenNoPairRepeats()
    {
        var trained = BpeTrainer.Train(["ab"], vocabSize: 1000);
        Assert.Empty(trained.Merges);
        Assert.Equal(257, trained.VocabSize);
    }

    [Fact]
    public void MergesFollowPairFrequencyWithOrdinalTieBreaks()
    {
        // Worked by hand: "abab abab" → words "abab" ×1 and "Ġabab" ×1; (a,b) occurs 4 times → first merge.
        // Then (ab,ab) occurs 2 times, (Ġ,ab) once → second merge "abab". Nothing else occurs twice.
        var trained = BpeTrainer.Train(["abab abab"], vocabSize: 1000, specialTokens: []);
        Assert.Equal([("a", "b"), ("ab", "ab")], trained.Merges);
        Assert.Equal(258, trained.VocabSize);

        // A tie: (x,y) and (y,z) both occur twice → the ordinally smaller pair (x,y) is merged first.
        var tie = BpeTrainer.Train(["xyz xyz"], vocabSize: 257, specialTokens: []);
        Assert.Equal([("x", "y")], tie.Merges);
    }

    [Fact]
    public void AGeneratedCorpusTrainsToTheTargetSize()
    {
        // 20k words of generated text and 800 merges, the scale of the demo model's tokenizer.
        var random = new Random(7);
        var syllables = new[] { "ka", "lo", "mi", "ne", "ru", "ta", "so", "vi", "de", "pa" };
        var lines = Enumerable.Range(0, 2000).Select(_ => string.Join(' ', Enumerable.Range(0, 10)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => syllables[random.Next(syllables.Length)])))));
        var trained = BpeTrainer.Train(lines.ToList(), vocabSize: 1057);
        Assert.Equal(1057, trained.VocabSize);
        var tokenizer = Save(trained);
        var sample = "kalo mine ruta sovi depa";
        Assert.Equal(sample, tokenizer.Decode(tokenizer.Encode(sample)));
        Assert.True(tokenizer.Encode(sample).Count <= 5, "frequent words should be single tokens after 800 merges");
    }

    private ITextTokenizer Save(TrainedBpe trained)
    {
        trained.Save(_folder);
        return TokenizerLoader.Load(_folder);
    }
}
