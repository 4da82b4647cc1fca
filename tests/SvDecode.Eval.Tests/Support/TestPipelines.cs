using SvDecode.Eval.Pipeline;

namespace SvDecode.Eval.Tests.Support;

/// <summary>Pipeline texts for engine and CLI tests, pointing at our own reference model folder.</summary>
public static class TestPipelines
{
    /// <summary>ref-llama with a character-level tokenizer (stages from warm-start on tokenise text).</summary>
    public static string ReferenceModel => Stages.ReferenceModelWithTokenizer.Directory;

    public static PipelineCatalog Catalog { get; } = new(["jsonl", "truthfulqa_mc", "boolq"], null,
        new Dictionary<string, global::SvDecode.Eval.Data.TemplateSchema>
        {
            ["jsonl"] = global::SvDecode.Eval.Benchmarks.Templates.TemplateSchemas.Jsonl,
            ["truthfulqa_mc"] = global::SvDecode.Eval.Benchmarks.Templates.TemplateSchemas.TruthfulQa,
            ["boolq"] = global::SvDecode.Eval.Benchmarks.Templates.TemplateSchemas.Commonsense,
        },
        new global::SvDecode.Eval.Benchmarks.Templates.EmbeddedTemplateSource());

    /// <summary>A valid two-PEFT x two-steering pipeline over two benchmarks, with its data file written beside it.</summary>
    public static string WriteMultiCell(TempDirectory dir, string name = "multi", string extra = "")
    {
        dir.File("items.jsonl", string.Concat(Enumerable.Range(0, 10).Select(i => $"{{\"question\": \"q{i}?\", \"choices\": [\"a\", \"b\"], \"answer\": {i % 2}}}\n")));
        return dir.File($"{name}.yaml", $"""
            name: {name}
            seed: 7
            model:
              path: {ReferenceModel}
            benchmarks:
              - name: jsonl
                data: items.jsonl
              - name: jsonl
                id: jsonl-again
                data: items.jsonl
            matrix:
              peft: [lora, ia3]
              steering: [off, on]
            warmstart:
              max_steps: 2
            {extra}
            """);
    }
}
