using SvDecode.Eval.Data;
using SvDecode.Eval.Models;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Platform;

namespace SvDecode.Eval.Pipeline;

/// <summary>
/// Checks what a pipeline refers to outside itself: registered names, and files and folders that must exist and
/// be readable. Cheap checks only: nothing is parsed or loaded here.
/// </summary>
internal static class PipelineReferenceValidator
{
    public static void Check(PipelineDocument document, PipelineCatalog catalog, DiagnosticBag diagnostics)
    {
        // The spec may be partly bound (other errors were found): check what is there.
        var spec = document.Spec;
        if (spec.Model?.Path is not null)
        {
            CheckModel(document, diagnostics);
        }
        if (spec.Scoring?.Judge is { } judge)
        {
            CheckJudge(document, catalog, diagnostics, judge);
        }
        foreach (var (method, folder) in spec.Warmstart?.Adapter ?? new Dictionary<string, string>())
        {
            CheckAdapter(document, diagnostics, method, folder);
        }
        for (var i = 0; i < (spec.Benchmarks?.Count ?? 0); i++)
        {
            if (spec.Benchmarks![i] is { } benchmark)
            {
                CheckBenchmark(document, catalog, diagnostics, benchmark, $"benchmarks[{i}]");
            }
        }
    }

    private static void CheckModel(PipelineDocument document, DiagnosticBag diagnostics)
    {
        var path = document.Spec.Model.Path;
        var modelPath = document.Resolve(path);
        if (CheckFolder(modelPath, "model.path", "model folder", document, diagnostics) && !File.Exists(Path.Combine(modelPath, "config.json")))
        {
            diagnostics.Add(document.Locations.Of("model.path"), $"model.path: the model folder '{path}' has no config.json (looked in {modelPath})");
        }
    }

    /// <summary>The judge folder must hold a supported causal LM (config.json parses) and a tokenizer; template
    /// files must exist and names must be built in. Only config.json is read: the weights are not loaded.</summary>
    private static void CheckJudge(PipelineDocument document, PipelineCatalog catalog, DiagnosticBag diagnostics, JudgeSettings judge)
    {
        const string field = "scoring.judge.model";
        if (judge.Model is { } model && CheckFolder(document.Resolve(model), field, "judge model folder", document, diagnostics))
        {
            var folder = document.Resolve(model);
            var mark = document.Locations.Of(field);
            if (!File.Exists(Path.Combine(folder, "config.json")))
            {
                diagnostics.Add(mark, $"{field}: the judge model folder '{model}' has no config.json (looked in {folder})");
            }
            else
            {
                try
                {
                    ModelConfigParser.Load(folder);
                }
                catch (InputException ex)
                {
                    diagnostics.Add(mark, $"{field}: '{model}' is not a causal LM this tool can load: {ex.Message}");
                }
            }
            if (!HasTokenizer(folder))
            {
                diagnostics.Add(mark, $"{field}: the judge model folder '{model}' has no tokenizer (tokenizer.json, vocab.json + merges.txt, or tokenizer.model)");
            }
        }
        foreach (var (name, value) in new[] { ("truth_template", judge.TruthTemplate), ("info_template", judge.InfoTemplate) })
        {
            var templateField = $"scoring.judge.{name}";
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }
            if (JudgeSettings.IsTemplateFile(value))
            {
                CheckFileOrFolder(value, templateField, document, diagnostics);
            }
            else if (catalog.JudgeTemplateNames is { Count: > 0 } names && !names.Contains(value))
            {
                diagnostics.Add(document.Locations.Of(templateField),
                    $"{templateField}: unknown template '{value}'.{NameSuggester.DidYouMean(value, names)} " +
                    $"Allowed values: {string.Join(", ", names.Order(StringComparer.Ordinal))}, or a .tmpl file.");
            }
        }
    }

    /// <summary>An existing adapter (warmstart.adapter.&lt;method&gt;): a PEFT folder whose adapter_config.json names
    /// that method. Only the config is read; shapes are checked against the model when the run attaches it.</summary>
    private static void CheckAdapter(PipelineDocument document, DiagnosticBag diagnostics, string method, string folder)
    {
        var field = $"warmstart.adapter.{method}";
        if (string.IsNullOrWhiteSpace(folder) || !CheckFolder(document.Resolve(folder), field, "PEFT adapter folder", document, diagnostics))
        {
            return;
        }
        try
        {
            var config = Peft.AdapterConfigFile.Read(document.Resolve(folder));
            var type = config.RequiredString("peft_type");
            if (Peft.PeftTypes.Parse(type) is { } found && SpecBinder.SnakeCase(found.ToString()) != method)
            {
                diagnostics.Add(document.Locations.Of(field),
                    $"{field}: '{folder}' holds a {SpecBinder.SnakeCase(found.ToString())} adapter (peft_type {type} in {config.Path}), not {method}");
            }
        }
        catch (InputException ex)
        {
            diagnostics.Add(document.Locations.Of(field), $"{field}: {ex.Message}");
        }
    }

    private static bool HasTokenizer(string folder) => Tokenization.TokenizerLoader.HasTokenizer(folder);

    private static void CheckBenchmark(PipelineDocument document, PipelineCatalog catalog, DiagnosticBag diagnostics, BenchmarkSpec benchmark, string prefix)
    {
        if (benchmark.Name is not null && !catalog.BenchmarkNames.Contains(benchmark.Name))
        {
            diagnostics.Add(document.Locations.Of($"{prefix}.name"),
                $"{prefix}.name: unknown benchmark '{benchmark.Name}'.{NameSuggester.DidYouMean(benchmark.Name, catalog.BenchmarkNames)} " +
                $"Allowed values: {string.Join(", ", catalog.BenchmarkNames.Order(StringComparer.Ordinal))}.");
        }
        foreach (var (field, path) in new[] { ("data", benchmark.Data), ("train_data", benchmark.TrainData), ("passages", benchmark.Passages), ("mc_task", benchmark.McTask) })
        {
            if (path is not null)
            {
                CheckFileOrFolder(path, $"{prefix}.{field}", document, diagnostics);
            }
        }
        CheckPrompt(document, catalog, diagnostics, benchmark, prefix);
    }

    /// <summary>The template (a known name, or a .tmpl file whose sections and fields fit the benchmark) and, with
    /// chat_template, a chat template in the model's tokenizer_config.json that parses.</summary>
    private static void CheckPrompt(PipelineDocument document, PipelineCatalog catalog, DiagnosticBag diagnostics, BenchmarkSpec benchmark, string prefix)
    {
        var field = $"{prefix}.template";
        if (!string.IsNullOrWhiteSpace(benchmark.Template) && benchmark.Name is not null && catalog.TemplateSchemas?.GetValueOrDefault(benchmark.Name) is { } schema)
        {
            try
            {
                BenchmarkTemplates.Resolve(benchmark.Template, schema, benchmark.Name, document.Resolve, catalog.Templates, field);
            }
            catch (InputException ex)
            {
                diagnostics.Add(document.Locations.Of(field), ex.Message);
            }
        }
        if (benchmark.ChatTemplate && document.Spec.Model?.Path is { } model && Directory.Exists(document.Resolve(model)))
        {
            try
            {
                Tokenization.Chat.ChatTemplate.Load(document.Resolve(model));
            }
            catch (InputException ex)
            {
                diagnostics.Add(document.Locations.Of($"{prefix}.chat_template"), $"{prefix}.chat_template: {ex.Message}");
            }
        }
    }

    private static bool CheckFolder(string fullPath, string field, string what, PipelineDocument document, DiagnosticBag diagnostics)
    {
        var mark = document.Locations.Of(field);
        if (File.Exists(fullPath))
        {
            diagnostics.Add(mark, $"{field}: '{fullPath}' is a file; a {what} is expected");
            return false;
        }
        if (!Directory.Exists(fullPath))
        {
            diagnostics.Add(mark, $"{field}: {what} not found: {fullPath}");
            return false;
        }
        try
        {
            using var entries = Directory.EnumerateFileSystemEntries(fullPath).GetEnumerator();
            entries.MoveNext();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(mark, $"{field}: cannot read the {what} {fullPath}: {ex.Message}");
            return false;
        }
    }

    private static void CheckFileOrFolder(string path, string field, PipelineDocument document, DiagnosticBag diagnostics)
    {
        var fullPath = document.Resolve(path);
        var mark = document.Locations.Of(field);
        if (Directory.Exists(fullPath))
        {
            CheckFolder(fullPath, field, "data folder", document, diagnostics);
            return;
        }
        try
        {
            // Never opened here: a FIFO or device would make validation wait; links, types and access are checked.
            InputPath.RequireReadableFile(fullPath, "data file", notFound: $"file not found: {fullPath}");
            if (new FileInfo(fullPath).Length is var size && size > DataFile.MaxBytes)
            {
                diagnostics.Add(mark, $"{field}: {fullPath} is {size:N0} bytes; a benchmark data file may be at most {DataFile.MaxBytes:N0} bytes (1 GiB; split it)");
            }
        }
        catch (InputException ex)
        {
            diagnostics.Add(mark, $"{field}: {ex.Message}");
        }
    }
}
