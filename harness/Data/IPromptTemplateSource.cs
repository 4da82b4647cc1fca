namespace SvDecode.Eval.Data;

/// <summary>
/// The built-in prompt templates, by name. The templates ship with the benchmarks assembly; the harness (judge
/// prompts) reaches them through this interface, which that assembly registers.
/// </summary>
public interface IPromptTemplateSource
{
    IReadOnlyList<string> Names { get; }

    /// <summary>The template of that name; an <see cref="InputException"/> listing the names when unknown.</summary>
    PromptTemplate Get(string name);
}
