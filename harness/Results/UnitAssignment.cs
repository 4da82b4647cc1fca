namespace SvDecode.Eval.Results;

/// <summary>
/// One unit (cell × benchmark, <see cref="UnitIndex"/> in matrix order) given to a shard: the whole unit
/// (<see cref="Parts"/> = 1) or the contiguous test-item slice <see cref="Part"/> of <see cref="Parts"/>.
/// </summary>
public sealed record UnitAssignment(int UnitIndex, string Cell, string Benchmark, int Part, int Parts);
