using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Peft.PrefixTuning;
using SvDecode.Eval.Peft.PromptTuning;

namespace SvDecode.Eval.Tests.Models;

/// <summary>
/// Session hooks for saved PEFT prompt/prefix adapters, now read by the harness's PEFT loader
/// (<see cref="PeftAdapters.Load"/>): the reference tests replay through exactly the production code path.
/// </summary>
public static class VirtualTokenAdapters
{
    /// <summary>prompt_embeddings [n_v, C] prepended to the token embeddings.</summary>
    public static ModelSessionOptions Prompt(string adapterDir, CausalLanguageModel model) =>
        ((PromptTuningAdapter)PeftAdapters.Load(adapterDir, model)).SessionOptions;

    /// <summary>Per-layer key/value prefixes; <paramref name="hfPositions"/>: real tokens start at n_v.</summary>
    public static ModelSessionOptions Prefix(string adapterDir, CausalLanguageModel model, bool hfPositions = true) =>
        ((PrefixTuningAdapter)PeftAdapters.Load(adapterDir, model)).SessionOptions(hfPositions);
}
