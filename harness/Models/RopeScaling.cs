namespace SvDecode.Eval.Models;

/// <summary>
/// config.json's <c>rope_scaling</c>: "linear" divides positions by <see cref="Factor"/>; "llama3" rescales the
/// low-frequency part of the spectrum (Llama 3.1/3.2) using the other fields.
/// </summary>
public sealed record RopeScaling(
    string Type,
    double Factor,
    double LowFreqFactor = 1,
    double HighFreqFactor = 4,
    int OriginalMaxPositionEmbeddings = 8192);
