using SvDecode.Eval.Decoding;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// What <see cref="SteeredDecodeMeasurement"/> times: the adapted model decoding plainly and with steering; disposing
/// it releases whatever the subject attached (e.g. detaches the adapter from the shared bench model).
/// </summary>
public sealed class SteeredDecodeSetup(ILogitsSessionFactory plain, ILogitsSessionFactory steered, IDisposable? owner = null) : IDisposable
{
    public ILogitsSessionFactory Plain => plain;

    public ILogitsSessionFactory Steered => steered;

    public void Dispose() => owner?.Dispose();
}
