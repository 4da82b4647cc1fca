using System.Collections.Concurrent;
using Spectre.Console;
using Spectre.Console.Rendering;
using SvDecode.Eval.Progress;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>A live bar's "40/100 items · 2.50 items/s": the units done and Spectre's own recent rate, in the task's unit
/// (the remaining time is Spectre's <see cref="RemainingTimeColumn"/> beside it).</summary>
internal sealed class CountAndRateColumn : ProgressColumn
{
    // Spectre's task state holds value types only, so the unit each task counts is kept here, by task id.
    private readonly ConcurrentDictionary<int, string> _units = new();

    /// <summary>What <paramref name="task"/> counts ("items", "steps").</summary>
    public void SetUnit(ProgressTask task, string unit) => _units[task.Id] = unit;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var unit = _units.GetValueOrDefault(task.Id, "items");
        var count = FormattableString.Invariant($"{task.Value:0}/{task.MaxValue:0} {unit}");
        var rate = task.Speed is { } speed && speed > 0 ? $" · {ProgressRate.FormatRate(speed)} {unit}/s" : "";
        return new Markup(Markup.Escape(count + rate), Style.Plain);
    }
}
