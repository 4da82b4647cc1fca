using SvDecode.Eval.Platform;
using Xunit;

namespace SvDecode.Eval.Tests.Support;

/// <summary>
/// A fact about how freed heap pages are kept and handed back: it needs glibc's malloc (whose thresholds
/// <see cref="NativeHeap"/> sets) and /proc's resident-memory figures. Elsewhere it is skipped with that reason.
/// </summary>
public sealed class GlibcHeapFactAttribute : FactAttribute
{
    public GlibcHeapFactAttribute()
    {
        if (!ResidentMemory.IsAvailable)
        {
            Skip = "no /proc/self/status: resident memory cannot be read here";
        }
        else if (!NativeHeap.Configure())
        {
            Skip = "no glibc malloc: the heap thresholds cannot be set here";
        }
    }
}
