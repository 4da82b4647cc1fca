using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Steering;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SvDecode.Eval.Peft;

/// <summary>
/// The module-wrapper family (LoRA, IA3): each targeted projection is replaced through
/// <see cref="CausalLanguageModel.ReplaceProjection"/> by a wrapper holding the original. Base and adapted sessions
/// share the model and flip every wrapper's switch before each forward. Dispose puts the originals back.
/// </summary>
public abstract class WrapperAdapter<TLayer> : IPeftAdapter, IRowSplitAdapter
    where TLayer : nn.Module<Tensor, Tensor>, IAdapterLayer
{
    private readonly List<(string Path, TLayer Layer)> _layers = [];
    private bool _enabled = true;
    private bool _disposed;

    protected WrapperAdapter(CausalLanguageModel model)
    {
        Model = model;
        BaseSessions = new ToggledSessionFactory(model, this, enabled: false);
        AdaptedSessions = new ToggledSessionFactory(model, this, enabled: true);
    }

    public abstract PeftMethod Method { get; }

    public abstract IPeftConfig Config { get; }

    public CausalLanguageModel Model { get; }

    public ILogitsSessionFactory BaseSessions { get; }

    public ILogitsSessionFactory AdaptedSessions { get; }

    public IReadOnlyList<(string Path, TLayer Layer)> Layers => _layers;

    public IPairedLogitsSession OpenPair(PairForward forward) => forward == PairForward.Batched
        ? new BatchedWrapperPairSession(Model, this)
        : LockStepPairSession.Open(BaseSessions, AdaptedSessions);

    public IDisposable AdaptRowsFrom(long firstAdaptedRow)
    {
        SetFirstAdaptedRow(firstAdaptedRow);
        return new RowSplitScope(() => SetFirstAdaptedRow(null));
    }

    private void SetFirstAdaptedRow(long? row)
    {
        foreach (var (_, layer) in _layers)
        {
            layer.FirstAdaptedRow = row;
        }
    }

    public bool Enabled
    {
        get => _enabled;
        set
        {
            _enabled = value;
            foreach (var (_, layer) in _layers)
            {
                layer.Enabled = value;
            }
        }
    }

    public IReadOnlyList<Parameter> TrainableParameters => _layers.SelectMany(l => l.Layer.AdapterParameters.Select(p => p.Parameter)).ToList();

    /// <summary>Wraps the projection at <paramref name="path"/> with <paramref name="wrap"/>(projection, its info).</summary>
    protected TLayer Wrap(string path, Func<nn.Module<Tensor, Tensor>, ProjectionInfo, TLayer> wrap)
    {
        TLayer? created = null;
        Model.ReplaceProjection(path, current =>
        {
            created = wrap(current, ProjectionInfo.Of(current, path));
            created.Enabled = _enabled;
            created.train(Model.training); // a new module starts in training mode (LoRA dropout on); follow the model
            return created;
        });
        _layers.Add((path, created!));
        return created!;
    }

    public Tensor TrainingHidden(Tensor ids, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return Model.ForwardHidden(Model.EmbedTokens(ids), mask, AttentionMask.Positions(mask)).MoveToOuterDisposeScope(); // (B, T, C)
    }

    public void Save(string directory) =>
        AdapterSaver.Save(directory, Config, _layers
            .SelectMany(l => l.Layer.AdapterParameters.Select(p => (Key: PeftFiles.ModuleKey(l.Path, p.Suffix), Tensor: (Tensor)p.Parameter)))
            .ToDictionary(p => p.Key, p => p.Tensor, StringComparer.Ordinal));

    /// <summary>Called before the wrappers are removed (LoRA unmerges here).</summary>
    protected virtual void BeforeDetach()
    {
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        BeforeDetach();
        foreach (var (path, layer) in _layers)
        {
            Model.ReplaceProjection(path, _ => layer.BaseLayer);
            layer.ReleaseBaseLayer();
            layer.Dispose();
        }
        _layers.Clear();
        GC.SuppressFinalize(this);
    }
}
