using SvDecode.Eval.Results;

namespace SvDecode.Eval.Sharding;

/// <summary>
/// Part <see cref="Part"/> of <see cref="Parts"/> of a benchmark's test split, when a run has fewer units than shards:
/// a contiguous slice in split order, items [⌊Part·N/Parts⌋, ⌊(Part+1)·N/Parts⌋). Concatenating the parts in order
/// gives the whole split back, so merged per-item lists keep the single-run order.
/// </summary>
public sealed record ItemShare(int Part, int Parts)
{
    public (int Start, int End) Range(int count) =>
        ((int)((long)Part * count / Parts), (int)((long)(Part + 1) * count / Parts));

    public IReadOnlyList<T> Slice<T>(IReadOnlyList<T> items)
    {
        var (start, end) = Range(items.Count);
        return [.. items.Skip(start).Take(end - start)];
    }

    public override string ToString() => $"items part {Part + 1} of {Parts}";

    /// <summary>The slice an assignment gives its shard; null for a whole unit.</summary>
    public static ItemShare? Of(UnitAssignment assignment) =>
        assignment.Parts > 1 ? new ItemShare(assignment.Part, assignment.Parts) : null;
}
