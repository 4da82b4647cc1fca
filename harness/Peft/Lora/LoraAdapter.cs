using SvDecode.Eval.Models;

namespace SvDecode.Eval.Peft.Lora;

/// <summary>LoRA on every projection target_modules selects; merge/unmerge folds the delta into the base weights.</summary>
public sealed class LoraAdapter : WrapperAdapter<LoraLayer>
{
    private readonly LoraConfig _config;
    private readonly TorchSharp.torch.Generator _dropoutGenerator = new(0, device: TorchSharp.torch.CPU); // TorchSharp's generators are CPU ones

    private LoraAdapter(CausalLanguageModel model, LoraConfig config, AdapterInit init, Func<string, string, InputException> error) : base(model)
    {
        _config = config;
        model.DropoutGenerators.Add(_dropoutGenerator); // replayed when training recomputes layers (gradient checkpointing)
        foreach (var projection in config.TargetModules.Select(model, p => error("target_modules", p)))
        {
            Wrap(projection.Path, (current, info) => new LoraLayer(current, info, config, init, _dropoutGenerator));
        }
    }

    public override PeftMethod Method => PeftMethod.Lora;

    public override IPeftConfig Config => _config;

    public static LoraAdapter Create(CausalLanguageModel model, LoraConfig config, int seed) =>
        new(model, config, AdapterInit.For(model, seed), (field, problem) => new InputException($"LoRA {field}: {problem}"));

    public static LoraAdapter Load(CausalLanguageModel model, LoraConfig config, AdapterConfigFile file, AdapterWeightsFile weights)
    {
        var adapter = new LoraAdapter(model, config, AdapterInit.For(model), file.Error);
        try
        {
            foreach (var (path, layer) in adapter.Layers)
            {
                foreach (var (suffix, parameter) in layer.AdapterParameters)
                {
                    using var value = weights.Take(PeftFiles.ModuleKey(path, suffix), parameter.shape, parameter.dtype, $"{file.Path} (r = {config.R})");
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

    /// <summary>Restarts the dropout masks' random stream (the trainer does this with its seed).</summary>
    public void SeedDropout(int seed) => _dropoutGenerator.manual_seed(seed);

    /// <summary>
    /// Folds every layer's delta into its base weight (faster adapted forwards). While merged there is no base model:
    /// base sessions, base + adapted pairs and forwards with the adapter disabled throw until <see cref="Unmerge"/>.
    /// </summary>
    public void Merge()
    {
        foreach (var (_, layer) in Layers)
        {
            layer.Merge();
        }
    }

    public void Unmerge()
    {
        foreach (var (_, layer) in Layers)
        {
            layer.Unmerge();
        }
    }

    protected override void BeforeDetach()
    {
        Unmerge();
        Model.DropoutGenerators.Remove(_dropoutGenerator);
        _dropoutGenerator.Dispose();
    }
}
