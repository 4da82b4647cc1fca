using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// Extension slot for "warm-start training tokens/s per PEFT method" (issue 10): a PEFT implementation registers one
/// subject per method with <c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IWarmStartSubject, …&gt;())</c>.
/// The bench times <see cref="IWarmStartTrainer.Step"/> on random batches and reports trained tokens/s.
/// </summary>
public interface IWarmStartSubject
{
    /// <summary>The PEFT method's name as pipelines spell it ("lora", "ia3", "prompt_tuning", "prefix_tuning").</summary>
    string Method { get; }

    /// <summary>
    /// A trainer with fresh adapter weights. It should load its own copy of the model from
    /// <see cref="BenchModelContext.ModelDirectory"/> (or otherwise leave <see cref="BenchModelContext.Model"/> as it was).
    /// </summary>
    IWarmStartTrainer Create(BenchModelContext context);
}

/// <summary>One optimiser step per call, as warm-start training runs it.</summary>
public interface IWarmStartTrainer : IDisposable
{
    /// <summary>Forward, loss on every position, backward and optimiser step: ids and mask (B, T) int64.</summary>
    void Step(Tensor ids, Tensor mask);
}
