using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft.PrefixTuning;

/// <summary>
/// PEFT's PrefixEncoder: the table (n_v, L·2·token_dim) directly, or with the reparameterisation MLP an embedding
/// (n_v, token_dim) through Linear(token_dim, hidden) → tanh → Linear(hidden, L·2·token_dim). Saving stores the
/// table it produces (PEFT's get_prompt_embedding_to_save), which a loaded adapter then uses directly.
/// </summary>
public sealed class PrefixEncoder
{
    private readonly Parameter _embedding;
    private readonly (Parameter W1, Parameter B1, Parameter W2, Parameter B2)? _mlp;

    private PrefixEncoder(Parameter embedding, (Parameter, Parameter, Parameter, Parameter)? mlp)
    {
        _embedding = embedding;
        _mlp = mlp;
    }

    public static PrefixEncoder Create(PrefixTuningConfig config, AdapterInit init)
    {
        if (!config.PrefixProjection)
        {
            return new PrefixEncoder(init.Normal(config.NumVirtualTokens, config.TableWidth), null);
        }
        var (d, h) = ((long)config.TokenDim, (long)config.EncoderHiddenSize);
        return new PrefixEncoder(
            init.Normal(config.NumVirtualTokens, d),
            (init.KaimingUniform(d, h, d), init.KaimingUniform(d, h), init.KaimingUniform(h, config.TableWidth, h), init.KaimingUniform(h, config.TableWidth)));
    }

    /// <summary>A loaded (already projected) table.</summary>
    public static PrefixEncoder FromTable(Parameter table) => new(table, null);

    public IReadOnlyList<Parameter> Parameters =>
        _mlp is { } m ? [_embedding, m.W1, m.B1, m.W2, m.B2] : [_embedding];

    /// <summary>(n_v, L·2·token_dim), differentiable.</summary>
    public Tensor Table()
    {
        if (_mlp is not { } m)
        {
            return _embedding.alias();
        }
        using var scope = NewDisposeScope();
        var hidden = nn.functional.linear(_embedding, m.W1, m.B1).tanh(); // (n_v, hidden)
        return nn.functional.linear(hidden, m.W2, m.B2).MoveToOuterDisposeScope(); // (n_v, L·2·token_dim)
    }

    public void Dispose()
    {
        foreach (var p in Parameters)
        {
            p.Dispose();
        }
    }
}
