using System.Globalization;
using System.Text;

namespace SvDecode.Eval.Tokenization;

/// <summary>
/// One Hugging Face decoder step (tokenizer.json "decoder"): rewrites the list of token strings; the text is their
/// concatenation at the end. Written here because ML.NET's decoders know neither HF's per-token semantics (Strip,
/// ByteFallback's one U+FFFD per invalid byte) nor added tokens outside the model vocabulary.
/// </summary>
internal abstract class TokenDecoder
{
    public abstract List<string> Decode(List<string> tokens);

    /// <summary>GPT-2 byte-level: characters back to bytes, then UTF-8 (invalid sequences become U+FFFD).</summary>
    public sealed class ByteLevel : TokenDecoder
    {
        public override List<string> Decode(List<string> tokens)
        {
            var bytes = new List<byte>();
            foreach (var token in tokens)
            {
                var mapped = TryMap(token);
                // A token with a character outside the byte alphabet (an added token such as "▁") goes in as its own UTF-8, as HF does.
                bytes.AddRange(mapped ?? Encoding.UTF8.GetBytes(token));
            }
            return [Encoding.UTF8.GetString(bytes.ToArray())];
        }

        private static byte[]? TryMap(string token)
        {
            var result = new byte[token.Length];
            for (var i = 0; i < token.Length; i++)
            {
                if (!ByteLevelAlphabet.CharToByte.TryGetValue(token[i], out result[i]))
                {
                    return null;
                }
            }
            return result;
        }
    }

    public sealed class Replace(string pattern, string content) : TokenDecoder
    {
        public override List<string> Decode(List<string> tokens) =>
            tokens.Select(t => t.Replace(pattern, content, StringComparison.Ordinal)).ToList();
    }

    /// <summary>Runs of "&lt;0xNN&gt;" tokens become their UTF-8 text, or one U+FFFD per byte when that is not valid UTF-8.</summary>
    public sealed class ByteFallback : TokenDecoder
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        public override List<string> Decode(List<string> tokens)
        {
            var output = new List<string>(tokens.Count);
            var pending = new List<byte>();
            foreach (var token in tokens)
            {
                if (TryParseByte(token, out var b))
                {
                    pending.Add(b);
                    continue;
                }
                Flush(pending, output);
                output.Add(token);
            }
            Flush(pending, output);
            return output;
        }

        internal static bool TryParseByte(string token, out byte value)
        {
            value = 0;
            return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
                && byte.TryParse(token.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
        }

        private static void Flush(List<byte> pending, List<string> output)
        {
            if (pending.Count == 0)
            {
                return;
            }
            try
            {
                output.Add(StrictUtf8.GetString(pending.ToArray()));
            }
            catch (DecoderFallbackException)
            {
                output.AddRange(Enumerable.Repeat("\uFFFD", pending.Count));
            }
            pending.Clear();
        }
    }

    public sealed class Fuse : TokenDecoder
    {
        public override List<string> Decode(List<string> tokens) => [string.Concat(tokens)];
    }

    /// <summary>Removes up to <paramref name="start"/> leading and <paramref name="stop"/> trailing <paramref name="content"/> characters of each token.</summary>
    public sealed class Strip(char content, int start, int stop) : TokenDecoder
    {
        public override List<string> Decode(List<string> tokens) => tokens.Select(StripOne).ToList();

        private string StripOne(string token)
        {
            var from = 0;
            while (from < start && from < token.Length && token[from] == content)
            {
                from++;
            }
            var to = token.Length;
            while (token.Length - to < stop && to > from && token[to - 1] == content)
            {
                to--;
            }
            return token[from..to];
        }
    }

    /// <summary>HF Metaspace decoder: "▁" → " ", and the first token loses one leading space unless the scheme is "never".</summary>
    public sealed class Metaspace(string replacement, bool stripFirstSpace) : TokenDecoder
    {
        public override List<string> Decode(List<string> tokens)
        {
            var output = new List<string>(tokens.Count);
            for (var i = 0; i < tokens.Count; i++)
            {
                var text = tokens[i].Replace(replacement, " ", StringComparison.Ordinal);
                if (i == 0 && stripFirstSpace && text.StartsWith(' '))
                {
                    text = text[1..];
                }
                output.Add(text);
            }
            return output;
        }
    }

    public sealed class Sequence(IReadOnlyList<TokenDecoder> steps) : TokenDecoder
    {
        public override List<string> Decode(List<string> tokens)
        {
            foreach (var step in steps)
            {
                tokens = step.Decode(tokens);
            }
            return tokens;
        }
    }
}
