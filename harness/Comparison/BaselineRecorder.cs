using SvDecode.Eval.Results;

namespace SvDecode.Eval.Comparison;

/// <summary>
/// The first run of a gate (`compare --allow-missing-baseline` where no baseline exists yet): the current run's
/// results.json and item_scores.jsonl are copied to where the baseline belongs, so the job can publish them as the
/// proposed baseline for someone to commit on purpose. Nothing is compared, so nothing can fail silently later: the
/// next run without the flag fails until the baseline is committed.
/// </summary>
public static class BaselineRecorder
{
    /// <summary>Copies the current run to <paramref name="baselinePath"/> (a results.json path) and returns the files written.</summary>
    /// <param name="requireItems">--exact: a baseline without per-item scores could never be compared exactly.</param>
    public static IReadOnlyList<string> Record(ComparisonInput current, string baselinePath, bool requireItems)
    {
        if (current.Results.Status != RunStatus.Complete)
        {
            throw new InputException($"{current.Path}: the run is {current.Results.Status.ToString().ToLowerInvariant()}, not complete; a baseline must be a complete run");
        }
        var items = Path.Combine(Path.GetDirectoryName(current.Path)!, ItemScoreLog.FileName);
        if (requireItems && current.Items is null)
        {
            throw new InputException($"{current.Path}: --exact needs a baseline with per-item scores, and there is no {ItemScoreLog.FileName} beside it (run with --log-items)");
        }
        var target = Path.GetFullPath(baselinePath);
        var folder = Path.GetDirectoryName(target)!;
        AtomicFile.WriteAllBytes(target, File.ReadAllBytes(current.Path));
        var written = new List<string> { target };
        if (current.Items is not null)
        {
            var itemsTarget = Path.Combine(folder, ItemScoreLog.FileName);
            AtomicFile.WriteAllBytes(itemsTarget, File.ReadAllBytes(items));
            written.Add(itemsTarget);
        }
        return written;
    }
}
