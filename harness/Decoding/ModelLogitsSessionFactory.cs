using SvDecode.Eval.Models;

namespace SvDecode.Eval.Decoding;

/// <summary>Sessions over one loaded model (plain, or with PEFT virtual tokens through <paramref name="options"/>).</summary>
public sealed class ModelLogitsSessionFactory(CausalLanguageModel model, ModelSessionOptions? options = null) : ILogitsSessionFactory
{
    public int VocabSize => model.Config.VocabSize;

    public ILogitsSession Open() => new ModelLogitsSession(model, options);
}
