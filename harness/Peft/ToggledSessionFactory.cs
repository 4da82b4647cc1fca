using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;

namespace SvDecode.Eval.Peft;

/// <summary>
/// Sessions over a model carrying wrapper adapters (LoRA, IA3) that switch the adapter on or off before every call,
/// so a base and an adapted session can run in lock-step on the same loaded weights.
/// </summary>
public sealed class ToggledSessionFactory(CausalLanguageModel model, IPeftAdapter adapter, bool enabled) : ILogitsSessionFactory
{
    public int VocabSize => model.Config.VocabSize;

    public ILogitsSession Open() => new ToggledSession(new ModelLogitsSession(model), () => adapter.Enabled = enabled);
}
