using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Layers;

/// <summary>A lookup table <c>weight</c> [num, dim]: ids (B, T) → (B, T, dim). Also the tied LM head's matrix.</summary>
public sealed class TokenEmbedding : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Parameter weight;
#pragma warning restore IDE1006

    public TokenEmbedding(long count, long dim, ParameterFactory parameters) : base(nameof(TokenEmbedding))
    {
        weight = parameters.Create(count, dim);
        RegisterComponents();
    }

    public Tensor Weight => weight;

    public override Tensor forward(Tensor ids)
    {
        var rows = weight.index_select(0, ids.reshape(-1)); // (B*T, dim)
        return rows.view([.. ids.shape, weight.shape[1]]);  // (B, T, dim)
    }
}
