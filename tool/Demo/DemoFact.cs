namespace SvDecode.Eval.Tool.Demo;

/// <summary>
/// One (creature, attribute) fact: its true value and, for a "popular myth", the false value the corpus repeats more
/// often than the truth. <see cref="Split"/> is the creature's split: train and test never share a creature.
/// </summary>
public sealed record DemoFact(string Entity, DemoAttribute Attribute, string TrueValue, string? MythValue, string Split)
{
    public bool IsMyth => MythValue is not null;
}
