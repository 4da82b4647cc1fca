using Microsoft.ML.Tokenizers;

namespace SvDecode.Eval.Tokenization;

/// <summary>
/// Hands ML.NET's BPE the piece as one word. Without it ML.NET applies its own default word split, which differs
/// from every Hugging Face pre-tokenizer; the HF pre-tokenization is done beforehand by <see cref="PreTokenizerStep"/>.
/// </summary>
internal sealed class WholeTextPreTokenizer : PreTokenizer
{
    public static WholeTextPreTokenizer Instance { get; } = new();

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) =>
        string.IsNullOrEmpty(text) ? [] : [(0, text.Length)];

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) =>
        text.IsEmpty ? [] : [(0, text.Length)];
}
