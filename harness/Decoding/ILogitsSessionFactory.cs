namespace SvDecode.Eval.Decoding;

/// <summary>Opens fresh sessions; the unit a scorer is built on and a steering method decorates.</summary>
public interface ILogitsSessionFactory
{
    int VocabSize { get; }

    ILogitsSession Open();
}
