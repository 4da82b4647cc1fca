using SvDecode.Eval.Decoding;

namespace SvDecode.Eval.Performance;

/// <summary>
/// Extension slot for "steered versus plain decode" (issue 10): a steering implementation registers one subject per
/// adapted variant (e.g. "lora", "prompt_tuning") with
/// <c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;ISteeredDecodeSubject, …&gt;())</c>.
/// The bench then times greedy decoding through the returned factory (base and adapted rows in lock-step) against
/// plain decoding of <see cref="BenchModelContext.Model"/>, at the same batch sizes and steps.
/// </summary>
public interface ISteeredDecodeSubject
{
    /// <summary>snake_case; becomes the figure segment "steered_decode.&lt;name&gt;".</summary>
    string Name { get; }

    /// <summary>
    /// A steered session factory over the context's model (random adapter weights are fine: only cost is measured).
    /// It must not change <see cref="BenchModelContext.Model"/> for later measurements; if the factory is
    /// <see cref="IDisposable"/> the bench disposes it.
    /// </summary>
    ILogitsSessionFactory CreateSteered(BenchModelContext context);
}
