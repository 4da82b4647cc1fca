using Xunit;

namespace SvDecode.Eval.Tests.Support;

/// <summary>
/// Tests that read the process's resident-memory high-water mark run alone, after the parallel ones: VmHWM is
/// process-wide, so another test resetting it (the in-process bench does, before each measurement) or freeing memory
/// meanwhile would move the figure under them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "process memory";
}
