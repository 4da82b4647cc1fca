using System.Text;

namespace SvDecode.Eval.Tokenization;

/// <summary>
/// One Hugging Face normalizer step (tokenizer.json "normalizer"), applied to each plain-text segment between
/// added tokens. Only the steps used by decoder LLM tokenizers are supported.
/// </summary>
internal abstract class TextNormalizer
{
    public abstract string Normalize(string text);

    /// <summary>
    /// A Unicode normalization form (NFC for Qwen2; NFD, NFKC, NFKD), by ICU through string.Normalize. A .NET string
    /// may hold a lone surrogate, which Hugging Face's Rust strings cannot and string.Normalize refuses: the text
    /// around each one is normalized and the surrogate kept, so encoding never throws.
    /// </summary>
    public sealed class UnicodeForm(NormalizationForm form) : TextNormalizer
    {
        /// <summary>The form a tokenizer.json normalizer type names: NFC, NFD, NFKC or NFKD.</summary>
        public static UnicodeForm For(string type) => new(type switch
        {
            "NFC" => NormalizationForm.FormC,
            "NFD" => NormalizationForm.FormD,
            "NFKC" => NormalizationForm.FormKC,
            "NFKD" => NormalizationForm.FormKD,
            _ => throw new ArgumentException($"'{type}' is not a Unicode normalization form", nameof(type)),
        });

        public override string Normalize(string text)
        {
            var sb = (StringBuilder?)null;
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++; // a valid pair is one code point
                }
                else if (char.IsSurrogate(text[i]))
                {
                    sb ??= new StringBuilder(text.Length);
                    sb.Append(text[start..i].Normalize(form)).Append(text[i]);
                    start = i + 1;
                }
            }
            return sb is null ? text.Normalize(form) : sb.Append(text[start..].Normalize(form)).ToString();
        }
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
