using SvDecode.Eval.Decoding;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Extension slot for "steered versus plain decode" (issue 10): a steering implementation registers one subject per
/// adapted variant (e.g. "lora", "prompt_tuning") as an <see cref="ISteeredDecodeSubject"/> singleton. The bench
/// times greedy decoding through <see cref="SteeredDecodeSetup.Steered"/> against <see cref="SteeredDecodeSetup.Plain"/>
/// (the same adapted model without steering: what a user would run instead), at the same batch sizes and steps.
/// </summary>
public interface ISteeredDecodeSubject
{
    /// <summary>snake_case; becomes the figure segment "steered_decode.&lt;name&gt;".</summary>
    string Name { get; }

    /// <summary>
    /// Both factories over the context's model (random adapter weights are fine: only cost is measured). They must not
    /// change <see cref="BenchModelContext.Model"/> for later measurements once the setup is disposed.
    /// </summary>
    SteeredDecodeSetup Create(BenchModelContext context);
}
