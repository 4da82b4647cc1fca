using SvDecode.Eval.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft.Lora;

/// <summary>
/// y = base(x) + scaling · B(A(dropout(x))), A [r, in], B [out, r] (PEFT's lora_A/lora_B, the same for Linear and
/// GPT-2 Conv1D). Merged: the delta lives in the base weight (transposed for Conv1D) and the side path is skipped;
/// a merged layer gives the adapted output only, and a forward that needs the base output throws.
/// </summary>
public sealed class LoraLayer : nn.Module<Tensor, Tensor>, IAdapterLayer, IOutputAdapter
{
    private readonly Parameter _loraA; // lora_A.weight [r, in]
    private readonly Parameter _loraB; // lora_B.weight [out, r]
    private readonly nn.Module<Tensor, Tensor> _baseLayer;
    private readonly ProjectionInfo _info;
    private readonly double _scaling;
    private readonly double _dropout;
    private readonly Generator _dropoutGenerator;

    /// <param name="dropoutGenerator">Draws the dropout masks on the CPU: the adapter's own generator, so training is
    /// reproducible even while other code (other tests, sampling) uses LibTorch's global generator on other threads.</param>
    public LoraLayer(nn.Module<Tensor, Tensor> baseLayer, ProjectionInfo info, LoraConfig config, AdapterInit init, Generator dropoutGenerator) : base(nameof(LoraLayer))
    {
        _dropoutGenerator = dropoutGenerator;
        _baseLayer = baseLayer;
        _info = info;
        _scaling = config.Scaling;
        _dropout = config.Dropout;
        // PEFT's default init: A Kaiming-uniform, B zero, so a fresh adapter leaves the model unchanged.
        _loraA = init.KaimingUniform(info.InFeatures, config.R, info.InFeatures);
        _loraB = init.Zeros(info.OutFeatures, config.R);
        // Registered by hand (PEFT's names), so the private fields are not registered twice.
        register_module("base_layer", baseLayer);
        register_parameter("lora_A", _loraA);
        register_parameter("lora_B", _loraB);
    }

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Components are registered by hand under PEFT's names; reflection would also register the private fields
    /// (base layer twice), and disposing the wrapper would then dispose the projection it hands back.
    /// </summary>
    protected override void RegisterComponents()
    {
    }

    public bool Merged { get; private set; }

    public nn.Module<Tensor, Tensor> BaseLayer => _baseLayer;

    public IReadOnlyList<(string Suffix, Parameter Parameter)> AdapterParameters => [("lora_A.weight", _loraA), ("lora_B.weight", _loraB)];

    public long? FirstAdaptedRow { get; set; }

    public nn.Module<Tensor, Tensor> Wrapped => _baseLayer;

    public bool AdaptsOutputOnly => true;

    /// <summary>(N, …, in) → (N, …, out).</summary>
    public override Tensor forward(Tensor x) => Adapt(x, _baseLayer.forward(x));

    /// <summary>x (N, …, in) and the base layer's output for it (N, …, out) → (N, …, out). The side path adds into the
    /// base output in place only for the batched pair (inference); otherwise it is out of place, as autograd needs.</summary>
    public Tensor Adapt(Tensor x, Tensor result)
    {
        if (Merged)
        {
            // Merged, the wrapped weight holds W + scaling·BA, so only the adapted output exists. The base output is
            // refused rather than recomputed as (W + ΔW)x − ΔWx: that is W x only up to rounding (in bfloat16 the merge
            // itself drops low bits of W or ΔW), while δ is built from the small difference between the base and the
            // adapted distributions, which a served "base" equal to (or near) the adapted one would silently erase.
            return Enabled && FirstAdaptedRow is null
                ? result
                : throw new InvalidOperationException(
                    "This LoRA adapter is merged into the base weights, so the model without it (the base distribution that " +
                    "base sessions, base + adapted pairs and a disabled adapter need for steering) no longer exists; unmerge it first.");
        }
        if (FirstAdaptedRow is long k)
        {
            // Inference only (the batched base + adapted pair, under no_grad): the side path runs on the adapted rows
            // alone and adds into their view of the fresh projection output, so no copy and no concatenation.
            var rows = x.shape[0];
            result.narrow(0, k, rows - k).add_(Side(x.narrow(0, k, rows - k)), _scaling);
            return result;
        }
        if (!Enabled)
        {
            return result;
        }
        var h = x.to(_loraA.dtype);
        // The sum is formed in float32 when the model is not (as PEFT does), then returns to the model's dtype.
        return result.add(Side(training && _dropout > 0 ? Dropout(h) : h), _scaling).to(result.dtype);
    }

    /// <summary>B(A(h)) before scaling: (…, in) → (…, r) → (…, out), in the adapter's float32 (the input is cast). Decode
    /// steps are bound by per-op cost, so two linear calls (no transposes) and the scaling folded into the caller's
    /// add; the casts are no-ops for a float32 model.</summary>
    private Tensor Side(Tensor h) => nn.functional.linear(nn.functional.linear(h.to(_loraA.dtype), _loraA), _loraB);

    /// <summary>
    /// Inverted dropout: keep each input with probability 1 − p and scale the kept ones by 1/(1 − p). The mask is drawn
    /// on the CPU, where the adapter's seeded generator lives (TorchSharp 0.107's generators are CPU ones whatever device
    /// they are given), and crosses to the input's device as bool: a quarter of the bytes of the float draw.
    /// </summary>
    private Tensor Dropout(Tensor x)
    {
        var keep = rand(x.shape, generator: _dropoutGenerator, device: CPU).ge(_dropout).to(x.device); // (…, in) bool
        return x * keep.to(x.dtype) / (1 - _dropout);
    }

    /// <summary>W += scaling·B·A ([out, in]; transposed into Conv1D's [in, out]).</summary>
    public void Merge()
    {
        if (!Merged)
        {
            AddDelta(+1);
            Merged = true;
        }
    }

    public void Unmerge()
    {
        if (Merged)
        {
            AddDelta(-1);
            Merged = false;
        }
    }

    private void AddDelta(double sign)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var delta = _loraB.matmul(_loraA) * (_scaling * sign); // (out, in)
        _info.Weight.add_(_info.FanInFanOut ? delta.t() : delta);
    }

    public void ReleaseBaseLayer()
    {
        register_module("base_layer", null!);
    }
}
