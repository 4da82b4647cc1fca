using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// Generation over an <see cref="ILogitsSession"/>: greedy and sampling for a left-padded batch (one forward position
/// per step thanks to the KV cache), beam search per prompt. Finished rows keep being fed a harmless token (their
/// last one) so the batch stays rectangular; their output is frozen.
/// </summary>
public static class TokenGenerator
{
    /// <summary>Generates for prompts that share <paramref name="options"/>, in one batch (beam search: one prompt at a time).</summary>
    public static IReadOnlyList<GenerationResult> Generate(
        ILogitsSession session,
        IReadOnlyList<IReadOnlyList<int>> prompts,
        GenerationOptions options,
        Func<IReadOnlyList<int>, string>? decode = null,
        CancellationToken cancellationToken = default)
    {
        if (options.MaxNewTokens < 1)
        {
            throw new ArgumentException("max_new_tokens must be at least 1.", nameof(options));
        }
        if (options.Strategy == DecodingStrategy.Beam)
        {
            return prompts.Select(p => BeamSearch.Run(session, p, options, decode, cancellationToken)).ToList();
        }
        ITokenSelector selector = options.Strategy == DecodingStrategy.Sample ? new SamplingSelector(options) : new GreedySelector();
        var stop = new StopChecker(options, decode);
        var generated = prompts.Select(_ => new List<int>()).ToList();
        var reasons = new StopReason?[prompts.Count];

        var logits = session.Start(prompts); // (B, V)
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var next = selector.Select(logits);
                for (var b = 0; b < prompts.Count; b++)
                {
                    if (reasons[b] is null)
                    {
                        generated[b].Add(next[b]);
                        reasons[b] = stop.Check(generated[b]);
                    }
                }
                if (reasons.All(r => r is not null))
                {
                    break;
                }
                var feed = generated.Select(g => (long)g[^1]).ToArray();
                using var tokens = tensor(feed, device: logits.device);
                logits.Dispose();
                logits = session.Advance(tokens);
            }
        }
        finally
        {
            logits.Dispose();
        }
        return generated.Select((g, b) => stop.Result(g, reasons[b]!.Value)).ToList();
    }
}
