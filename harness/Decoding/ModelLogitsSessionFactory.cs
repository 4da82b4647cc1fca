using SvDecode.Eval.Models;

namespace SvDecode.Eval.Decoding;

/// <summary>Sessions over one loaded model (the plain, unsteered case).</summary>
public sealed class ModelLogitsSessionFactory(CausalLanguageModel model) : ILogitsSessionFactory
{
    public int VocabSize => model.Config.VocabSize;

    public ILogitsSession Open() => new ModelLogitsSession(model);
}
