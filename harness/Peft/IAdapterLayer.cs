using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft;

/// <summary>A module wrapper (LoRA, IA3) around one projection: switchable, with its own trainable tensors.</summary>
public interface IAdapterLayer
{
    /// <summary>Off: exactly the wrapped projection's output.</summary>
    bool Enabled { get; set; }

    /// <summary>
    /// Null: every row follows <see cref="Enabled"/>. A value k: rows ≥ k of the batch dimension use the adapter and
    /// rows &lt; k do not (the batched base + adapted pair of <see cref="BatchedWrapperPairSession"/>).
    /// </summary>
    long? FirstAdaptedRow { get; set; }

    /// <summary>The wrapped projection, handed back to the model when the adapter is detached.</summary>
    nn.Module<Tensor, Tensor> BaseLayer { get; }

    /// <summary>Trainable tensors by PEFT's key suffix ("lora_A.weight", "ia3_l").</summary>
    IReadOnlyList<(string Suffix, Parameter Parameter)> AdapterParameters { get; }

    /// <summary>Unregisters the wrapped projection so disposing the wrapper leaves it alive.</summary>
    void ReleaseBaseLayer();
}
