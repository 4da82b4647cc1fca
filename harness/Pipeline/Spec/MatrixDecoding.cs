using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>A value of the matrix's decoding axis: the plain adapted model, SVDecode, or a baseline that uses the same
/// (base, adapted) pair (method.md "Decoding baselines"). TaD is not one: no definition of it could be found
/// (method.md says what was searched), so it is left out rather than guessed.</summary>
public enum MatrixDecoding
{
    /// <summary>The warm-started model as it is: ẑ = z_φ.</summary>
    Off,

    [SpecName("svdecode")]
    SvDecode,

    Contrastive,

    Extrapolation,
}

public static class MatrixDecodingExtensions
{
    /// <summary>The decoding method, or null for <see cref="MatrixDecoding.Off"/>.</summary>
    public static DecodingMethod? Method(this MatrixDecoding decoding) => decoding switch
    {
        MatrixDecoding.Off => null,
        MatrixDecoding.SvDecode => DecodingMethod.SvDecode,
        MatrixDecoding.Contrastive => DecodingMethod.Contrastive,
        MatrixDecoding.Extrapolation => DecodingMethod.Extrapolation,
        _ => throw new ArgumentOutOfRangeException(nameof(decoding), decoding, null),
    };

    /// <summary>The name it is written with in pipelines, cell ids and results: off, svdecode, contrastive, …</summary>
    public static string Name(this MatrixDecoding decoding) => decoding == MatrixDecoding.SvDecode ? "svdecode" : SpecBinder.SnakeCase(decoding.ToString());

    /// <summary>The place of a method's name on the axis (off, svdecode, contrastive, extrapolation), for columns
    /// and bars in one order; names it does not know go last.</summary>
    public static int Order(string name) =>
        Array.FindIndex(Enum.GetValues<MatrixDecoding>(), d => d.Name() == name) is var i and >= 0 ? i : int.MaxValue;

    /// <summary>The older spelling matrix.steering: off and on (SVDecode).</summary>
    public static MatrixDecoding ToDecoding(this SteeringSwitch steering) => steering == SteeringSwitch.On ? MatrixDecoding.SvDecode : MatrixDecoding.Off;
}
