namespace SvDecode.Eval.Decoding;

/// <summary>Decides, after each token, whether a row is done (stop token or stop string) and cuts the text.</summary>
internal sealed class StopChecker(GenerationOptions options, Func<IReadOnlyList<int>, string>? decode)
{
    public StopReason? Check(IReadOnlyList<int> generated)
    {
        if (generated.Count > 0 && options.StopTokenIds.Contains(generated[^1]))
        {
            return StopReason.StopToken;
        }
        if (options.StopStrings.Count > 0 && decode is not null && FirstStop(decode(generated)) >= 0)
        {
            return StopReason.StopString;
        }
        return generated.Count >= options.MaxNewTokens ? StopReason.MaxNewTokens : null;
    }

    public GenerationResult Result(IReadOnlyList<int> generated, StopReason reason)
    {
        if (decode is null)
        {
            return new GenerationResult(generated, null, reason);
        }
        var text = decode(generated);
        var cut = FirstStop(text);
        return new GenerationResult(generated, cut >= 0 ? text[..cut] : text, reason);
    }

    private int FirstStop(string text)
    {
        var first = -1;
        foreach (var stop in options.StopStrings)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }
        return first;
    }
}
