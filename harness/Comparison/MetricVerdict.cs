namespace SvDecode.Eval.Comparison;

/// <summary>What happened to one metric of one cell between the baseline and the current run.</summary>
public enum MetricVerdict
{
    /// <summary>The same value.</summary>
    Unchanged,

    /// <summary>Better, significantly.</summary>
    Improved,

    /// <summary>Different, but not significantly.</summary>
    WithinNoise,

    /// <summary>Significantly worse, by no more than the allowed drop.</summary>
    WithinTolerance,

    /// <summary>Significantly worse by more than the allowed drop: the gate fails.</summary>
    Regression,

    /// <summary>In the baseline but not in the current run (a cell, benchmark or metric went missing): the gate fails.</summary>
    Missing,

    /// <summary>Only in the current run: reported, never a failure.</summary>
    Added,
}
