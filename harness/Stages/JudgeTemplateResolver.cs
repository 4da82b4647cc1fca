using SvDecode.Eval.Data;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Judging;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;

namespace SvDecode.Eval.Stages;

/// <summary>Turns a judge template setting (a built-in name or a .tmpl file) into a <see cref="JudgePrompt"/>.</summary>
public static class JudgeTemplateResolver
{
    /// <param name="field">The pipeline field, for errors ("scoring.judge.truth_template").</param>
    public static JudgePrompt Resolve(string value, string field, PipelineDocument document, IPromptTemplateSource? builtIn)
    {
        if (JudgeSettings.IsTemplateFile(value))
        {
            var path = document.Resolve(value);
            if (!File.Exists(path))
            {
                throw new InputException($"{document.FilePath}: {field}: template file not found: {path}");
            }
            return new JudgePrompt(PromptTemplate.Parse(File.ReadAllText(path), path), $"{document.FilePath}: {field}");
        }
        if (builtIn is null)
        {
            throw new InputException($"{document.FilePath}: {field}: no built-in templates are registered; give a .tmpl file.");
        }
        return new JudgePrompt(builtIn.Get(value), $"{document.FilePath}: {field}");
    }

    /// <summary>The text that identifies a template setting in artifact keys: name@version, plus the file's
    /// SHA-256 for a .tmpl file (an edited file without a version bump still recomputes).</summary>
    public static string Identity(string value, JudgePrompt prompt, StageContext context) =>
        JudgeSettings.IsTemplateFile(value)
            ? $"{prompt.Info}#{context.HashFile(context.Document.Resolve(value), "judge-template")}"
            : prompt.Info.ToString();
}
