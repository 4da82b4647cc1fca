namespace SvDecode.Eval.Tokenization;

/// <summary>
/// One Hugging Face normalizer step (tokenizer.json "normalizer"), applied to each plain-text segment between
/// added tokens. Only the steps used by decoder LLM tokenizers are supported.
/// </summary>
internal abstract class TextNormalizer
{
    public abstract string Normalize(string text);

    /// <summary>
    /// Unicode NFC (Qwen2), by <see cref="UnicodeNfc"/>: under InvariantGlobalization string.Normalize is a no-op.
    /// NFD/NFKC/NFKD are refused for the same reason (no decoder LLM family here needs them).
    /// </summary>
    public sealed class Nfc : TextNormalizer
    {
        public override string Normalize(string text) => UnicodeNfc.Normalize(text);
    }

    public sealed class Lowercase : TextNormalizer
    {
        public override string Normalize(string text) => text.ToLowerInvariant();
    }

    /// <summary>Prepends a string to non-empty text (Llama 2 legacy layout: "▁").</summary>
    public sealed class Prepend(string prefix) : TextNormalizer
    {
        public override string Normalize(string text) => text.Length == 0 ? text : prefix + text;
    }

    /// <summary>Replaces every occurrence of a literal string (Llama 2 legacy layout: " " → "▁").</summary>
    public sealed class Replace(string pattern, string content) : TextNormalizer
    {
        public override string Normalize(string text) => text.Replace(pattern, content, StringComparison.Ordinal);
    }

    /// <summary>Removes every occurrence of a regex (HF Replace with a "Regex" pattern).</summary>
    public sealed class RegexReplace(System.Text.RegularExpressions.Regex pattern, string content) : TextNormalizer
    {
        public override string Normalize(string text) => pattern.Replace(text, content);
    }

    public sealed class Strip(bool left, bool right) : TextNormalizer
    {
        public override string Normalize(string text) =>
            left && right ? text.Trim() : left ? text.TrimStart() : right ? text.TrimEnd() : text;
    }

    public sealed class Sequence(IReadOnlyList<TextNormalizer> steps) : TextNormalizer
    {
        public override string Normalize(string text)
        {
            foreach (var step in steps)
            {
                text = step.Normalize(text);
            }
            return text;
        }
    }
}
