using System.Text.Json.Serialization;

namespace SvDecode.Eval.Tool.Demo;

/// <summary>
/// Everything that determines the demo model: the world, the tokenizer size, the Llama shape and the training run.
/// The defaults are the committed models/demo (docs/demo.md); same options, same threads → same bytes.
/// </summary>
public sealed record DemoPretrainOptions
{
    public DemoWorldOptions World { get; init; } = new();

    /// <summary>Byte-level BPE size, including the one special token.</summary>
    public int VocabSize { get; init; } = 1024;

    public int HiddenSize { get; init; } = 128;

    public int IntermediateSize { get; init; } = 384;

    public int Layers { get; init; } = 4;

    public int Heads { get; init; } = 4;

    /// <summary>Training window (tokens); the model is configured for 2× this.</summary>
    public int SequenceLength { get; init; } = 128;

    public int BatchSize { get; init; } = 8;

    public int Steps { get; init; } = 2000;

    /// <summary>Peak learning rate after linear warm-up; cosine decay to <see cref="MinLearningRateRatio"/> × peak.</summary>
    public double LearningRate { get; init; } = 3e-3;

    public int WarmupSteps { get; init; } = 60;

    public double MinLearningRateRatio { get; init; } = 0.1;

    public double WeightDecay { get; init; } = 0.01;

    public double GradientClip { get; init; } = 1.0;

    /// <summary>Seeds weight initialisation and batch order (the world has its own seed).</summary>
    public ulong TrainingSeed { get; init; } = 1234;

    /// <summary>
    /// Torch intra-op threads, fixed so that float reductions, and so the weights, are reproducible. One by default:
    /// at this size a second thread gains little, and on a busy 2-core machine OpenMP's spinning made it ~10× slower.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Packs the pages in a new seeded order every epoch (the study model) rather than once (the demo): with the
    /// demo's fixed windows over many epochs a model can learn the windows by heart, predicting a page's answer from
    /// the pages before it rather than from its creature. Left out of pretrain.json when false, so the demo's file
    /// keeps its bytes.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ReshufflePages { get; init; }

    /// <summary>Loss is recorded (and reported) every this many steps.</summary>
    public int LogEvery { get; init; } = 50;

    public void Validate()
    {
        World.Validate();
        if (VocabSize is < 300 or > 8192)
        {
            throw new InputException($"pretrain: vocab size {VocabSize} must be in 300..8192.");
        }
        if (HiddenSize < 8 || HiddenSize % Heads != 0 || (HiddenSize / Heads) % 2 != 0)
        {
            throw new InputException($"pretrain: hidden size {HiddenSize} must be divisible by {Heads} heads into an even head size.");
        }
        if (Steps < 1 || BatchSize < 1 || SequenceLength < 8 || Layers < 1 || IntermediateSize < 1 || Threads < 1 || LogEvery < 1)
        {
            throw new InputException("pretrain: steps, batch size, layers, intermediate size, threads and log interval must be positive; sequence length at least 8.");
        }
        if (!(LearningRate > 0) || WarmupSteps < 0 || MinLearningRateRatio is < 0 or > 1 || WeightDecay < 0 || !(GradientClip > 0))
        {
            throw new InputException("pretrain: learning rate and gradient clip must be positive, warm-up and weight decay non-negative, min ratio in [0, 1].");
        }
    }
}
