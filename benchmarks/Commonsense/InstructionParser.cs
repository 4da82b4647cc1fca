using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.Commonsense;

/// <summary>
/// Takes the choices out of LLM-Adapters instruction texts:
/// "&lt;prefix&gt;&lt;stem&gt;\n\n&lt;Marker&gt;1: t1 &lt;Marker&gt;2: t2 ...[\n\n ]Answer format: marker1/marker2/...".
/// The number of choices comes from the "Answer format" list (ARC has 3 to 5).
/// </summary>
public static class InstructionParser
{
    private const string AnswerFormat = "Answer format: ";

    public static ParsedQuestion ParseNumbered(string instruction, string prefix, string marker)
    {
        if (!instruction.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new BadRowException($"instruction does not start with '{prefix.TrimEnd()}'.");
        }
        var formatAt = instruction.LastIndexOf(AnswerFormat, StringComparison.Ordinal);
        if (formatAt < prefix.Length)
        {
            throw new BadRowException($"instruction has no '{AnswerFormat.TrimEnd()}' line.");
        }
        var labels = instruction[(formatAt + AnswerFormat.Length)..].Trim().Split('/');
        var lowerMarker = marker.ToLowerInvariant();
        for (var k = 0; k < labels.Length; k++)
        {
            if (labels[k] != $"{lowerMarker}{k + 1}")
            {
                throw new BadRowException($"answer format lists '{labels[k]}' where '{lowerMarker}{k + 1}' was expected.");
            }
        }
        if (labels.Length < 2)
        {
            throw new BadRowException("answer format lists fewer than two choices.");
        }
        var body = instruction[prefix.Length..formatAt];
        var first = $"\n\n{marker}1: ";
        var firstAt = body.IndexOf(first, StringComparison.Ordinal);
        if (firstAt < 0)
        {
            throw new BadRowException($"instruction has no '{marker}1:' choice.");
        }
        var stem = body[..firstAt].Trim();
        var texts = new List<string>(labels.Length);
        var position = firstAt + first.Length;
        for (var k = 2; k <= labels.Length; k++)
        {
            var next = FindMarker(body, $"{marker}{k}: ", position)
                ?? throw new BadRowException($"instruction has no '{marker}{k}:' choice although the answer format lists {labels.Length}.");
            texts.Add(body[position..next.Start].Trim());
            position = next.End;
        }
        texts.Add(body[position..].Trim());
        if (stem.Length == 0 || texts.Any(t => t.Length == 0))
        {
            throw new BadRowException("instruction has an empty question or choice.");
        }
        return new ParsedQuestion(stem, texts, labels);
    }

    /// <summary>BoolQ: "Please answer the following question with true or false, question: &lt;q&gt;\n\nAnswer format: true/false".</summary>
    public static ParsedQuestion ParseTrueFalse(string instruction, string prefix)
    {
        const string suffix = "Answer format: true/false";
        var trimmed = instruction.TrimEnd();
        if (!trimmed.StartsWith(prefix, StringComparison.Ordinal) || !trimmed.EndsWith(suffix, StringComparison.Ordinal))
        {
            throw new BadRowException($"instruction is not '{prefix}<question>\\n\\n{suffix}'.");
        }
        var stem = trimmed[prefix.Length..^suffix.Length].Trim();
        if (stem.Length == 0)
        {
            throw new BadRowException("instruction has an empty question.");
        }
        return new ParsedQuestion(stem, ["true", "false"], ["true", "false"]);
    }

    // A marker counts only after whitespace, so "Answer2: " inside a word does not split a choice.
    private static (int Start, int End)? FindMarker(string body, string marker, int from)
    {
        var at = from;
        while ((at = body.IndexOf(marker, at, StringComparison.Ordinal)) >= 0)
        {
            if (at > from && char.IsWhiteSpace(body[at - 1]))
            {
                return (at, at + marker.Length);
            }
            at++;
        }
        return null;
    }
}
