using SvDecode.Eval.Models;

namespace SvDecode.Eval.Peft.Ia3;

/// <summary>IA3 on every projection target_modules selects; those feedforward_modules also selects scale their input.</summary>
public sealed class Ia3Adapter : WrapperAdapter<Ia3Layer>
{
    private readonly Ia3Config _config;

    private Ia3Adapter(CausalLanguageModel model, Ia3Config config, AdapterInit init, Func<string, string, InputException> error) : base(model)
    {
        _config = config;
        var targets = config.TargetModules.Select(model, p => error("target_modules", p));
        if (config.FeedforwardModules.Names is not { Count: 0 })
        {
            var feedforward = config.FeedforwardModules.Select(model, p => error("feedforward_modules", p));
            if (feedforward.FirstOrDefault(f => !targets.Contains(f)) is { } stray)
            {
                throw error("feedforward_modules", $"'{stray.Path}' is not among the target_modules (PEFT requires feedforward_modules ⊆ target_modules)");
            }
        }
        foreach (var projection in targets)
        {
            var isFeedforward = config.FeedforwardModules.Matches(projection.Path);
            Wrap(projection.Path, (current, info) => new Ia3Layer(current, info, isFeedforward, init));
        }
    }

    public override PeftMethod Method => PeftMethod.Ia3;

    public override IPeftConfig Config => _config;

    public static Ia3Adapter Create(CausalLanguageModel model, Ia3Config config) =>
        new(model, config, AdapterInit.For(model), (field, problem) => new InputException($"IA3 {field}: {problem}"));

    public static Ia3Adapter Load(CausalLanguageModel model, Ia3Config config, AdapterConfigFile file, AdapterWeightsFile weights)
    {
        var adapter = new Ia3Adapter(model, config, AdapterInit.For(model), file.Error);
        try
        {
            foreach (var (path, layer) in adapter.Layers)
            {
                foreach (var (suffix, parameter) in layer.AdapterParameters)
                {
                    var source = $"{file.Path} ({(layer.IsFeedforward ? "feedforward_modules: [1, in]" : "target_modules: [out, 1]")})";
                    using var value = weights.Take(PeftFiles.ModuleKey(path, suffix), parameter.shape, parameter.dtype, source);
                    using var noGrad = TorchSharp.torch.no_grad();
                    parameter.copy_(value);
                }
            }
            weights.RequireAllUsed();
            return adapter;
        }
        catch
        {
            adapter.Dispose();
            throw;
        }
    }
}
