using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Scoring;
using static TorchSharp.torch;

namespace SvDecode.Eval.Probe;

/// <summary>
/// The logic of `svdecode-eval probe`: one teacher-forced pass over the input ids (logits at the last position,
/// argmax at every position), log-probs of target ids given input + earlier targets, and an n-token greedy
/// continuation with no EOS stop — the quantities the fixtures record, for comparing against other implementations.
/// </summary>
public static class ModelProbe
{
    /// <param name="sessions">Sessions to probe instead of the plain model (a PEFT adapter's adapted sessions).</param>
    public static ProbeResult Run(CausalLanguageModel model, IReadOnlyList<int> inputIds, IReadOnlyList<int>? targetIds = null, int generate = 0, ILogitsSessionFactory? sessions = null)
    {
        if (inputIds.Count == 0)
        {
            throw new InputException("probe: --input-ids needs at least one token id.");
        }
        var vocab = model.Config.VocabSize;
        var bad = inputIds.Concat(targetIds ?? []).FirstOrDefault(id => id < 0 || id >= vocab, -1);
        if (bad != -1)
        {
            throw new InputException($"probe: token id {bad} is outside the vocabulary [0, {vocab}).");
        }
        if (generate < 0)
        {
            throw new InputException("probe: --generate must be ≥ 0.");
        }

        var factory = sessions ?? new ModelLogitsSessionFactory(model);
        var (lastLogits, argmax) = ProbeForward.Run(factory, inputIds);
        var targetLogProbs = targetIds is { Count: > 0 }
            ? new SessionLanguageModel(factory).LogLikelihood([new LogLikelihoodRequest(inputIds, targetIds)])[0].TokenLogProbs
            : [];
        IReadOnlyList<int> generated = [];
        if (generate > 0)
        {
            using var session = factory.Open();
            generated = TokenGenerator.Generate(session, [inputIds], new GenerationOptions { MaxNewTokens = generate })[0].TokenIds;
        }
        return new ProbeResult(inputIds.ToList(), lastLogits, argmax, targetLogProbs.ToList(), generated.ToList());
    }
}
