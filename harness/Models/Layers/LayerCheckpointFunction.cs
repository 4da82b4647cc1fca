using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Layers;

/// <summary>
/// The autograd node of <see cref="GradientCheckpointing"/>: forward runs the layer without a graph and saves its
/// input; backward replays the random streams, recomputes the layer with a graph and backpropagates through it,
/// which also accumulates the gradients of the parameters inside the layer. Arguments: input, layer, generators,
/// their states at the forward, then the context tensors.
/// </summary>
public sealed class LayerCheckpointFunction : autograd.SingleTensorFunction<LayerCheckpointFunction>
{
    public override string Name => "LayerCheckpoint";

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var context = vars.Skip(4).Cast<Tensor>().ToList();
        ctx.save_for_backward([input, .. context]);
        ctx.save_data("layer", vars[1]);
        ctx.save_data("generators", vars[2]);
        ctx.save_data("states", vars[3]);
        return ((Func<Tensor, IReadOnlyList<Tensor>, Tensor>)vars[1])(input, context); // autograd is off here
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        var layer = (Func<Tensor, IReadOnlyList<Tensor>, Tensor>)ctx.get_data("layer");
        var generators = (IReadOnlyList<Generator>)ctx.get_data("generators");
        var states = (IReadOnlyList<Tensor>)ctx.get_data("states");
        var after = generators.Select(g => g.get_state()).ToList();
        try
        {
            for (var i = 0; i < generators.Count; i++)
            {
                generators[i].set_state(states[i]);
            }
            using var scope = NewDisposeScope();
            using var grad = enable_grad();
            var input = saved[0].detach().requires_grad_(true);
            var output = layer(input, saved.Skip(1).ToList());
            autograd.backward(output, gradOutput);
            var inputGrad = input.grad!.DetachFromDisposeScope();
            return [inputGrad, null!, null!, null!, .. saved.Skip(1).Select(_ => (Tensor)null!)];
        }
        finally
        {
            for (var i = 0; i < generators.Count; i++)
            {
                generators[i].set_state(after[i]); // where the forward left the stream
                after[i].Dispose();
                states[i].Dispose();
            }
        }
    }
}
