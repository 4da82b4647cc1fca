using SvDecode.Eval.Data;

namespace SvDecode.Eval.Benchmarks.Templates;

/// <summary>The templates embedded in this assembly, offered to the harness (judge prompts).</summary>
public sealed class EmbeddedTemplateSource : IPromptTemplateSource
{
    public IReadOnlyList<string> Names => TemplateLibrary.Names;

    public PromptTemplate Get(string name) => TemplateLibrary.Get(name);
}
