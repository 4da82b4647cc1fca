using SvDecode.Eval.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft.Ia3;

/// <summary>
/// IA3's learned rescaling (PEFT's ia3_l, initialised to ones): a feed-forward module scales its input,
/// y = base(x ⊙ l) with l [1, in]; any other scales its output, bias included, y = base(x) ⊙ l with l [out, 1].
/// </summary>
public sealed class Ia3Layer : nn.Module<Tensor, Tensor>, IAdapterLayer, IOutputAdapter
{
    private readonly nn.Module<Tensor, Tensor> _baseLayer;
    private readonly Parameter _scale; // ia3_l

    public Ia3Layer(nn.Module<Tensor, Tensor> baseLayer, ProjectionInfo info, bool feedforward, AdapterInit init) : base(nameof(Ia3Layer))
    {
        _baseLayer = baseLayer;
        IsFeedforward = feedforward;
        _scale = feedforward ? init.Ones(1, info.InFeatures) : init.Ones(info.OutFeatures, 1);
        register_module("base_layer", baseLayer);
        register_parameter("ia3_l", _scale);
    }

    /// <summary>
    /// Components are registered by hand under PEFT's names; reflection would also register the private fields
    /// (base layer twice), and disposing the wrapper would then dispose the projection it hands back.
    /// </summary>
    protected override void RegisterComponents()
    {
    }

    public bool IsFeedforward { get; }

    public bool Enabled { get; set; } = true;

    public nn.Module<Tensor, Tensor> BaseLayer => _baseLayer;

    public IReadOnlyList<(string Suffix, Parameter Parameter)> AdapterParameters => [("ia3_l", _scale)];

    public long? FirstAdaptedRow { get; set; }

    public nn.Module<Tensor, Tensor> Wrapped => _baseLayer;

    /// <summary>A feed-forward IA3 scales the input, so its projection cannot run as part of a fused product.</summary>
    public bool AdaptsOutputOnly => !IsFeedforward;

    /// <summary>(N, …, in) → (N, …, out).</summary>
    public override Tensor forward(Tensor x)
    {
        if (!IsFeedforward)
        {
            return Adapt(x, _baseLayer.forward(x));
        }
        var scale = _scale.flatten(); // (in)
        if (FirstAdaptedRow is long k)
        {
            // The batched base + adapted pair (inference, under no_grad): only rows ≥ k are rescaled, in place on a
            // view, and the projection still runs once for all rows. The input belongs to the caller, so it is copied
            // first.
            var rows = x.shape[0];
            var scaled = x.clone();
            scaled.narrow(0, k, rows - k).mul_(scale);
            return _baseLayer.forward(scaled);
        }
        // The float32 vector scales in float32 and the product returns to the model's dtype (PEFT's IA3 does the same).
        return Enabled ? _baseLayer.forward((x * scale).to(x.dtype)) : _baseLayer.forward(x);
    }

    /// <summary>x (N, …, in) and the base layer's output (N, …, out) → the output scaled by l (N, …, out); not for a
    /// feed-forward IA3. Only the batched pair's adapted rows are scaled in place (inference); otherwise out of place.</summary>
    public Tensor Adapt(Tensor x, Tensor output)
    {
        if (IsFeedforward)
        {
            throw new InvalidOperationException("A feed-forward IA3 layer scales its input, not its projection's output.");
        }
        var scale = _scale.flatten(); // (out)
        if (FirstAdaptedRow is long k)
        {
            var rows = output.shape[0];
            output.narrow(0, k, rows - k).mul_(scale);
            return output;
        }
        // The float32 vector scales in float32 and the product returns to the model's dtype (PEFT's IA3 does the same).
        return Enabled ? (output * scale).to(output.dtype) : output;
    }

    public void ReleaseBaseLayer() => register_module("base_layer", null!);
}
