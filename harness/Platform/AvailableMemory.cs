using System.Globalization;

namespace SvDecode.Eval.Platform;

/// <summary>The memory the kernel says can be allocated without swapping (Linux MemAvailable), for checks that refuse
/// a model before it is allocated rather than be killed while allocating it.</summary>
public static class AvailableMemory
{
    private const string MemInfo = "/proc/meminfo";

    /// <summary>MemAvailable in bytes, or null where it cannot be read (not Linux).</summary>
    public static long? Bytes()
    {
        if (!File.Exists(MemInfo))
        {
            return null;
        }
        foreach (var line in File.ReadLines(MemInfo))
        {
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
            {
                // "MemAvailable:   24138344 kB"
                var number = line["MemAvailable:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(number, CultureInfo.InvariantCulture) * 1024;
            }
        }
        return null;
    }
}
