using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Safetensors;

/// <summary>One tensor a safetensors file will hold: its key, shape and element type, known before its values.</summary>
public sealed record SafetensorsEntry(string Name, long[] Shape, ScalarType DType);
