namespace SvDecode.Eval.Models;

/// <summary>The decoder families this tool implements (Llama covers Llama 2/3/3.x, Mistral and Qwen2).</summary>
public enum ModelArchitecture
{
    Llama,
    Mistral,
    Qwen2,
    Gpt2,
}
