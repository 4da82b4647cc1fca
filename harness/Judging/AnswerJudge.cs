using SvDecode.Eval.Calibration;
using SvDecode.Eval.Progress;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Tokenization;

namespace SvDecode.Eval.Judging;

/// <summary>
/// Asks a judge model one yes/no question per (question, answer) pair by comparing the full-continuation
/// log-likelihoods of the prompt's "yes" and "no" continuations. Scoring the whole continuation (not one next-token
/// probability) keeps the verdict right for tokenizers that split " yes" into several tokens. Prompt and continuation
/// are tokenised the way every other log-likelihood in the tool is (<see cref="CalibrationExample.FromText"/>).
/// </summary>
public sealed class AnswerJudge(ILanguageModel judge, ITextTokenizer tokenizer)
{
    public IReadOnlyList<JudgeVerdict> Judge(JudgePrompt prompt, IReadOnlyList<(string Question, string Answer)> pairs, CancellationToken cancellationToken) =>
        Judge(prompt, pairs, null, cancellationToken);

    /// <param name="progress">Counts the pairs judged (both continuations scored), when given.</param>
    public IReadOnlyList<JudgeVerdict> Judge(JudgePrompt prompt, IReadOnlyList<(string Question, string Answer)> pairs, IProgressTask? progress, CancellationToken cancellationToken)
    {
        var requests = new List<LogLikelihoodRequest>(pairs.Count * 2);
        foreach (var (question, answer) in pairs)
        {
            var context = prompt.Render(question, answer);
            foreach (var continuation in new[] { prompt.Yes, prompt.No })
            {
                var example = CalibrationExample.FromText(tokenizer, context, continuation);
                if (example.TargetIds.Count == 0 || example.PromptIds.Count == 0)
                {
                    throw new InputException($"judge template {prompt.Info}: '{continuation}' or the prompt encodes to no tokens with the judge's tokenizer.");
                }
                requests.Add(new LogLikelihoodRequest(example.PromptIds, example.TargetIds));
            }
        }
        var sums = judge.LogLikelihood(requests, progress is null ? null : new ItemProgress(progress, [.. pairs.Select(_ => 2)]).Finished, cancellationToken);
        return [.. Enumerable.Range(0, pairs.Count).Select(k => new JudgeVerdict(sums[2 * k].Sum, sums[2 * k + 1].Sum))];
    }
}
