using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft.Ia3;

/// <summary>
/// IA3's learned rescaling (PEFT's ia3_l, initialised to ones): a feed-forward module scales its input,
/// y = base(x ⊙ l) with l [1, in]; any other scales its output, bias included, y = base(x) ⊙ l with l [out, 1].
/// </summary>
public sealed class Ia3Layer : nn.Module<Tensor, Tensor>, IAdapterLayer
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

    /// <summary>(N, …, in) → (N, …, out).</summary>
    public override Tensor forward(Tensor x)
    {
        var scale = _scale.flatten(); // (in) or (out)
        if (FirstAdaptedRow is long k)
        {
            // The batched base + adapted pair (inference, under no_grad): only rows ≥ k are rescaled, in place on a
            // view, and the projection still runs once for all rows. The input belongs to the caller, so it is copied
            // first; the output is the projection's own.
            var rows = x.shape[0];
            if (IsFeedforward)
            {
                var scaled = x.clone();
                scaled.narrow(0, k, rows - k).mul_(scale);
                return _baseLayer.forward(scaled);
            }
            var y = _baseLayer.forward(x);
            y.narrow(0, k, rows - k).mul_(scale);
            return y;
        }
        if (!Enabled)
        {
            return _baseLayer.forward(x);
        }
        // The float32 vector scales in float32 and the product returns to the model's dtype (PEFT's IA3 does the same).
        if (IsFeedforward)
        {
            return _baseLayer.forward((x * scale).to(x.dtype));
        }
        var output = _baseLayer.forward(x);
        return (output * scale).to(output.dtype);
    }

    public void ReleaseBaseLayer() => register_module("base_layer", null!);
}
