using System.Globalization;

namespace SvDecode.Eval.Sharding;

/// <summary>
/// Which share of a run this process does: shard <see cref="Index"/> (0-based) of <see cref="Count"/>. Written
/// "i/n" on the command line; its folder under &lt;output&gt;/shards is "i-of-n".
/// </summary>
public sealed record ShardSpec(int Index, int Count)
{
    public const string FolderParent = "shards";

    public string FolderName => $"{Index}-of-{Count}";

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>A checked shard; <paramref name="origin"/> names where the numbers came from, for the error.</summary>
    public static ShardSpec Create(int index, int count, string origin)
    {
        if (count < 1)
        {
            throw new InputException($"{origin}: the shard count must be at least 1 (got {count}).");
        }
        if (index < 0 || index >= count)
        {
            throw new InputException($"{origin}: shard index {index} is outside 0..{count - 1} (shards are numbered from 0, so i/n needs 0 <= i < n).");
        }
        return new ShardSpec(index, count);
    }

    /// <summary>"i/n", e.g. "0/4" for the first of four shards.</summary>
    public static ShardSpec Parse(string text, string origin = "--shard")
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
        {
            throw new InputException($"{origin}: '{text}' is not i/n (the 0-based shard index and the shard count, e.g. 0/4).");
        }
        return Create(index, count, $"{origin} {text}");
    }

    /// <summary>The folder name "i-of-n" back into a shard, or null when it is not one.</summary>
    public static ShardSpec? FromFolderName(string name)
    {
        var parts = name.Split("-of-");
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index < count
            ? new ShardSpec(index, count)
            : null;
    }
}
