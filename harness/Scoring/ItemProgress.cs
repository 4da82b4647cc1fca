using SvDecode.Eval.Progress;

namespace SvDecode.Eval.Scoring;

/// <summary>
/// Turns the request batches a language model finishes into items done on a progress task: an item counts once every
/// one of its requests (its choices, or TruthfulQA's two answer sets) has been scored, so the bar counts items, not
/// the requests it is scored by.
/// </summary>
public sealed class ItemProgress
{
    private readonly IProgressTask _task;
    private readonly int[] _itemOfRequest;
    private readonly int[] _remaining;

    /// <param name="requestsPerItem">How many consecutive requests each item has, in item order.</param>
    public ItemProgress(IProgressTask task, IReadOnlyList<int> requestsPerItem)
    {
        _task = task;
        _remaining = [.. requestsPerItem];
        _itemOfRequest = [.. requestsPerItem.SelectMany((count, item) => Enumerable.Repeat(item, count))];
    }

    /// <summary>The requests a batch finished (indices into the flattened requests).</summary>
    public void Finished(IReadOnlyList<int> requests)
    {
        var done = requests.Count(r => --_remaining[_itemOfRequest[r]] == 0);
        if (done > 0)
        {
            _task.Increment(done);
        }
    }
}
