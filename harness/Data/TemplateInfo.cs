namespace SvDecode.Eval.Data;

/// <summary>Name and version of the prompt template a benchmark was rendered with; both show in the results.</summary>
public sealed record TemplateInfo(string Name, int Version)
{
    public override string ToString() => $"{Name}@v{Version}";
}
