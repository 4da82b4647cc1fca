using SvDecode.Eval.Decoding;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Steering;
using static TorchSharp.torch;

namespace SvDecode.Eval.Probe;

/// <summary>
/// The logic of `svdecode-eval probe --adapter`: the probe quantities of the adapted model (through its sessions, so
/// virtual-token adapters count), and with --steer the steering vector δ and keep mask at the last input position,
/// the steered logits there, steered target log-probs (the chosen mask) and a steered greedy continuation (hard
/// mask, as generation always uses).
/// </summary>
public static class SteeredProbe
{
    /// <summary>ModelProbe's quantities over any session factory (here: the adapted model).</summary>
    public static ProbeResult Run(ILogitsSessionFactory sessions, IReadOnlyList<int> inputIds, IReadOnlyList<int>? targetIds, int generate)
    {
        Check(sessions.VocabSize, inputIds, targetIds, generate);
        var (last, argmax) = ProbeForward.Run(sessions, inputIds);
        return new ProbeResult([.. inputIds], last, argmax, TargetLogProbs(sessions, inputIds, targetIds), Generate(sessions, inputIds, generate));
    }

    public static SteeredProbeResult RunSteered(IPeftAdapter adapter, IReadOnlyList<int> inputIds, IReadOnlyList<int>? targetIds, int generate, double mu, SteeringOptions options)
    {
        var adapted = Run(adapter.AdaptedSessions, inputIds, targetIds, generate);
        options = options.Validate("probe");
        float[] delta;
        bool[] keep;
        float?[] steeredLast;
        using (var pair = adapter.OpenPair(PairForward.Batched))
        using (var scope = NewDisposeScope())
        {
            var (zTheta, zPhi) = pair.Start([inputIds]);                                   // (1, V) each
            var steering = SteeringVector.Compute(zTheta, zPhi);
            var kept = ConfidenceMask.Compute(steering.AdaptedProbs, options.Alpha);       // (1, V)
            var steered = SteeredLogits.Apply(steering, kept, mu, options);               // (1, V)
            delta = steering.Delta[0].cpu().data<float>().ToArray();
            keep = kept[0].cpu().data<bool>().ToArray();
            steeredLast = [.. steered[0].cpu().data<float>().ToArray().Select(v => float.IsNegativeInfinity(v) ? (float?)null : v)];
        }
        var steeredScoring = new SteeredSessionFactory(() => adapter.OpenPair(PairForward.Batched), adapter.Model.Config.VocabSize, mu, options);
        var steeredGeneration = steeredScoring.With(mu, options with { Mask = MaskMode.Hard });
        return new SteeredProbeResult(
            adapted.InputIds, adapted.LastLogits, adapted.Argmax, adapted.TargetLogProbs, adapted.GeneratedIds,
            mu, options.Alpha, MaskModes.ToName(options.Mask),
            delta, keep, steeredLast,
            TargetLogProbs(steeredScoring, inputIds, targetIds),
            Generate(steeredGeneration, inputIds, generate));
    }

    private static List<double> TargetLogProbs(ILogitsSessionFactory sessions, IReadOnlyList<int> inputIds, IReadOnlyList<int>? targetIds) =>
        targetIds is { Count: > 0 }
            ? [.. new SessionLanguageModel(sessions).LogLikelihood([new LogLikelihoodRequest(inputIds, targetIds)])[0].TokenLogProbs]
            : [];

    private static List<int> Generate(ILogitsSessionFactory sessions, IReadOnlyList<int> inputIds, int generate)
    {
        if (generate == 0)
        {
            return [];
        }
        using var session = sessions.Open();
        return [.. TokenGenerator.Generate(session, [inputIds], new GenerationOptions { MaxNewTokens = generate })[0].TokenIds];
    }

    private static void Check(int vocab, IReadOnlyList<int> inputIds, IReadOnlyList<int>? targetIds, int generate)
    {
        if (inputIds.Count == 0)
        {
            throw new InputException("probe: --input-ids needs at least one token id.");
        }
        var bad = inputIds.Concat(targetIds ?? []).FirstOrDefault(id => id < 0 || id >= vocab, -1);
        if (bad != -1)
        {
            throw new InputException($"probe: token id {bad} is outside the vocabulary [0, {vocab}).");
        }
        if (generate < 0)
        {
            throw new InputException("probe: --generate must be ≥ 0.");
        }
    }
}
