using System.Globalization;
using System.Text;

namespace SvDecode.Eval.Tokenization;

/// <summary>
/// Unicode NFC (canonical decomposition, canonical ordering, canonical composition; Hangul algorithmically).
/// Needed because the project runs with InvariantGlobalization, where .NET's string.Normalize silently returns
/// non-ASCII text unchanged (checked on .NET 10), and Qwen2's tokenizer normalizes to NFC before BPE.
/// </summary>
internal static class UnicodeNfc
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Dictionary<int, int[]> Decomposition = new();
    private static readonly Dictionary<int, int> CombiningClass = new();
    private static readonly Dictionary<long, int> Composition = new();

    static UnicodeNfc()
    {
        foreach (var entry in UnicodeNormalizationData.Decompositions.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (cp, parts) = (Hex(entry[..entry.IndexOf('=')]), entry[(entry.IndexOf('=') + 1)..].Split(' ').Select(Hex).ToArray());
            Decomposition[cp] = parts;
        }
        foreach (var entry in UnicodeNormalizationData.CombiningClasses.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':');
            CombiningClass[Hex(entry[..colon])] = int.Parse(entry[(colon + 1)..], CultureInfo.InvariantCulture);
        }
        var excluded = UnicodeNormalizationData.CompositionExclusions.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Hex).ToHashSet();
        foreach (var (cp, parts) in Decomposition)
        {
            if (parts.Length == 2 && !excluded.Contains(cp))
            {
                Composition[Key(parts[0], parts[1])] = cp;
            }
        }
    }

    public static string Normalize(string text)
    {
        // Below U+0300 nothing decomposes, combines or composes.
        if (text.All(c => c < 0x300))
        {
            return text;
        }
        var codePoints = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            Decompose(rune.Value, codePoints);
        }
        ReorderMarks(codePoints);
        var composed = Compose(codePoints);
        var builder = new StringBuilder(text.Length);
        foreach (var cp in composed)
        {
            builder.Append(char.ConvertFromUtf32(cp));
        }
        return builder.ToString();
    }

    private static void Decompose(int cp, List<int> output)
    {
        if (cp >= SBase && cp < SBase + SCount)
        {
            var index = cp - SBase;
            output.Add(LBase + (index / NCount));
            output.Add(VBase + (index % NCount / TCount));
            if (index % TCount != 0)
            {
                output.Add(TBase + (index % TCount));
            }
            return;
        }
        if (Decomposition.TryGetValue(cp, out var parts))
        {
            foreach (var part in parts)
            {
                Decompose(part, output);
            }
            return;
        }
        output.Add(cp);
    }

    /// <summary>Stable sort of each run of non-starters by combining class.</summary>
    private static void ReorderMarks(List<int> cps)
    {
        for (var i = 1; i < cps.Count; i++)
        {
            var ccc = Ccc(cps[i]);
            if (ccc == 0)
            {
                continue;
            }
            var j = i;
            while (j > 0 && Ccc(cps[j - 1]) > ccc)
            {
                (cps[j - 1], cps[j]) = (cps[j], cps[j - 1]);
                j--;
            }
        }
    }

    private static List<int> Compose(List<int> cps)
    {
        var result = new List<int>(cps.Count);
        var starter = -1;
        var lastClass = -1; // class of the last character kept after the starter; -1: none (adjacent)
        foreach (var cp in cps)
        {
            var ccc = Ccc(cp);
            var unblocked = starter >= 0 && (lastClass == -1 || (lastClass != 0 && lastClass < ccc));
            if (unblocked && TryCompose(result[starter], cp, out var composite))
            {
                result[starter] = composite;
                continue;
            }
            if (ccc == 0)
            {
                starter = result.Count;
                lastClass = -1;
            }
            else
            {
                lastClass = ccc;
            }
            result.Add(cp);
        }
        return result;
    }

    private static bool TryCompose(int first, int second, out int composite)
    {
        if (first >= LBase && first < LBase + LCount && second >= VBase && second < VBase + VCount)
        {
            composite = SBase + ((((first - LBase) * VCount) + (second - VBase)) * TCount);
            return true;
        }
        if (first >= SBase && first < SBase + SCount && (first - SBase) % TCount == 0 && second > TBase && second < TBase + TCount)
        {
            composite = first + (second - TBase);
            return true;
        }
        return Composition.TryGetValue(Key(first, second), out composite);
    }

    private static int Ccc(int cp) => CombiningClass.TryGetValue(cp, out var ccc) ? ccc : 0;

    private static long Key(int first, int second) => ((long)first << 21) | (uint)second;

    private static int Hex(string value) => int.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
