namespace SvDecode.Eval.Models.Safetensors;

/// <summary>A validated header: tensors by name, free-form metadata, and where the data area lies in the file.</summary>
internal sealed record SafetensorsHeader(
    IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors,
    IReadOnlyDictionary<string, string> Metadata,
    long DataStart,
    long DataLength);
