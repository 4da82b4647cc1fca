using Xunit;

namespace SvDecode.Eval.Tests.Support;

/// <summary>
/// Tests that switch <see cref="SvDecode.Eval.Models.Layers.FusedProjections.Enabled"/> or the few-row product's paths
/// (<see cref="SvDecode.Eval.Models.Layers.FewRowProduct"/>) run alone, after the parallel ones: the switches are
/// process-wide, and a test comparing two of its own runs bit for bit (training determinism)
/// would see the product change under it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FusedProjectionsCollection
{
    public const string Name = "fused projections";
}
