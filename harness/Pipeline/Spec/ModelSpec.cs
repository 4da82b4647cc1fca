using System.ComponentModel.DataAnnotations;

namespace SvDecode.Eval.Pipeline.Spec;

public sealed record ModelSpec
{
    [SpecDoc("a Hugging Face model folder (config.json, *.safetensors, tokenizer), relative to the pipeline file")]
    public required string Path { get; init; }

    [SpecDoc("the dtype the weights are converted to on load")]
    public ModelDtype Dtype { get; init; } = ModelDtype.Float32;

    [SpecDoc("where the model runs")]
    public ComputeDevice Device { get; init; } = ComputeDevice.Cpu;

    [SpecDoc("CPU threads for LibTorch; 0 uses every core")]
    [Range(0, 1024)]
    public int Threads { get; init; }
}

public enum ModelDtype
{
    Float32,
    Bfloat16,
    Float16,
}

public enum ComputeDevice
{
    Cpu,
    Cuda,
}
