using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Layers;

/// <summary>
/// Projections of one input stored as one tensor: q/k/v of an attention or gate/up of an MLP, weight (Σout, in) and
/// bias (Σout). Each <see cref="LinearProjection"/> part holds narrow views of it as its parameters, so checkpoint
/// keys, loading (the loader fills the views), saving and LoRA merges are those of separate projections, and the fused
/// tensor costs no memory of its own. <see cref="Forward"/> then runs one product instead of several: a decode step is
/// bound by the number of small ops and by how oneMKL streams the weights of few-row products (docs/performance.md,
/// "Fused projections"). Not a module, so it is no parameter, buffer or state-dict entry.
/// </summary>
public sealed class FusedLinear : IDisposable
{
    private readonly Tensor _weight;       // (Σout, in)
    private readonly Tensor? _bias;        // (Σout)
    private readonly LinearProjection[] _parts;
    private readonly Tensor[] _partWeights; // the views the parts were made with, to notice a parameter replaced since

    private FusedLinear(Tensor weight, Tensor? bias, LinearProjection[] parts)
    {
        _weight = weight;
        _bias = bias;
        _parts = parts;
        _partWeights = [.. parts.Select(p => p.Weight)];
    }

    /// <summary>Allocates the fused tensors (uninitialised, as every parameter is until the loader fills it) and one
    /// projection per entry of <paramref name="outFeatures"/> over its rows.</summary>
    public static FusedLinear Create(long inFeatures, IReadOnlyList<long> outFeatures, bool hasBias, ParameterFactory parameters)
    {
        var weight = parameters.Create(outFeatures.Sum(), inFeatures);
        var bias = hasBias ? parameters.Create(outFeatures.Sum()) : null;
        var parts = new LinearProjection[outFeatures.Count];
        long offset = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            // A row range of a contiguous (Σout, in) tensor is itself contiguous: the loader writes it directly.
            var partWeight = new Parameter(weight.narrow(0, offset, outFeatures[i]), requires_grad: false);
            var partBias = bias is null ? null : new Parameter(bias.narrow(0, offset, outFeatures[i]), requires_grad: false);
            parts[i] = new LinearProjection(partWeight, partBias);
            offset += outFeatures[i];
        }
        return new FusedLinear(weight, bias, parts);
    }

    /// <summary>The projections over the fused rows, in order.</summary>
    public IReadOnlyList<LinearProjection> Parts => _parts;

    /// <summary>
    /// x (…, in) → each module's output (…, out_i), from one product, where <paramref name="modules"/> (what the
    /// host holds in the parts' places now) are the parts themselves or output adapters around them (applied to
    /// their slices of the product, which are views of one (…, Σout) tensor). Null, and the caller runs the modules one
    /// by one, when fused products are off or not for this shape (<see cref="FusedProjections.Applies"/>), when some
    /// module is anything else (an input-side wrapper, a probe), or when a part's parameters were replaced or train
    /// (their gradients would land on the fused tensor instead).
    /// </summary>
    public Tensor[]? Forward(Tensor x, params nn.Module<Tensor, Tensor>[] modules)
    {
        if (!FusedProjections.Applies(x, _weight))
        {
            return null;
        }
        for (var i = 0; i < _parts.Length; i++)
        {
            if (!Reaches(modules[i], _parts[i]) || !ReferenceEquals(_parts[i].Weight, _partWeights[i]))
            {
                return null;
            }
        }
        if (is_grad_enabled() && _parts.Any(p => p.Weight.requires_grad || p.Bias is { requires_grad: true }))
        {
            return null;
        }
        var product = FewRowProduct.Product(x, _weight, _bias); // (…, Σout)
        var outputs = new Tensor[_parts.Length];
        long offset = 0;
        for (var i = 0; i < _parts.Length; i++)
        {
            var size = _parts[i].OutFeatures;
            outputs[i] = Adapted(modules[i], x, product.narrow(-1, offset, size));  // (…, out_i)
            offset += size;
        }
        return outputs;
    }

    /// <summary>Whether <paramref name="module"/> is <paramref name="part"/> under output adapters only.</summary>
    private static bool Reaches(nn.Module<Tensor, Tensor> module, LinearProjection part) => module switch
    {
        LinearProjection projection => ReferenceEquals(projection, part),
        IOutputAdapter { AdaptsOutputOnly: true } adapter => Reaches(adapter.Wrapped, part),
        _ => false,
    };

    /// <summary><paramref name="module"/>'s output given its part's slice: the innermost adapter first, as the
    /// wrappers' own forwards nest.</summary>
    private static Tensor Adapted(nn.Module<Tensor, Tensor> module, Tensor x, Tensor slice) =>
        module is IOutputAdapter adapter ? adapter.Adapt(x, Adapted(adapter.Wrapped, x, slice)) : slice;

    public void Dispose()
    {
        _weight.Dispose();
        _bias?.Dispose();
    }
}
