namespace SvDecode.Eval.Stages;

/// <summary>
/// The steering stage's artifact (steering.json): what δ looks like at the answer positions of the calibration split
/// before any strength is chosen — how much of the vocabulary the mask keeps, how far apart the two models are (KL),
/// and how many values were non-finite.
/// </summary>
public sealed record SteeringReport(
    int Items,
    long Positions,
    double KeptFraction,
    double MeanKeptCount,
    double MeanKl,
    double GoldKeptFraction,
    long NonFiniteBaseLogits,
    long NonFiniteAdaptedLogits,
    long NonFiniteDelta)
{
    public const string FileName = "steering.json";
}
