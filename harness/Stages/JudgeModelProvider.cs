using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SvDecode.Eval.Data;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Judging;
using SvDecode.Eval.Pipeline.Spec;

namespace SvDecode.Eval.Stages;

/// <summary>
/// The run's judge (scoring.judge): its model and tokenizer are loaded at most once per run, beside the evaluated
/// model (<see cref="ModelProvider"/> keeps that one). A singleton; the built-in templates are the registered
/// <see cref="IPromptTemplateSource"/>, if any (without one, judge templates must be .tmpl files).
/// </summary>
public sealed class JudgeModelProvider(IPromptTemplateSource? templates = null) : IDisposable
{
    private readonly Lock _gate = new();
    private LoadedModel? _loaded;

    /// <summary>
    /// What decides the judge's verdicts, for the score stage's artifact key: the judge folder's files (hashed into the
    /// run's inputs as judge-model / judge-tokenizer), dtype, device, and each template's identity. Null without a judge.
    /// </summary>
    public string? Fingerprint(StageContext context)
    {
        if (context.Spec.Scoring.Judge is not { } judge)
        {
            return null;
        }
        var (truth, info) = Prompts(context);
        var parts = new[]
        {
            ModelProvider.FingerprintFolder(context, context.Document.Resolve(judge.Model), judge.Dtype, Device(context), "judge-"),
            JudgeTemplateResolver.Identity(judge.TruthTemplate, truth, context),
            JudgeTemplateResolver.Identity(judge.InfoTemplate, info, context),
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts))));
    }

    /// <summary>The truthfulness and informativeness prompts of the pipeline's judge.</summary>
    public (JudgePrompt Truth, JudgePrompt Info) Prompts(StageContext context)
    {
        var judge = context.Spec.Scoring.Judge ?? throw new InvalidOperationException("the pipeline has no judge");
        return (JudgeTemplateResolver.Resolve(judge.TruthTemplate, "scoring.judge.truth_template", context.Document, templates),
                JudgeTemplateResolver.Resolve(judge.InfoTemplate, "scoring.judge.info_template", context.Document, templates));
    }

    /// <summary>The judge model, loaded on first use and kept for the rest of the run.</summary>
    public LoadedModel Get(StageContext context)
    {
        var judge = context.Spec.Scoring.Judge ?? throw new InvalidOperationException("the pipeline has no judge");
        var directory = context.Document.Resolve(judge.Model);
        var fingerprint = ModelProvider.FingerprintFolder(context, directory, judge.Dtype, Device(context), "judge-");
        lock (_gate)
        {
            if (_loaded is not null && _loaded.Fingerprint == fingerprint)
            {
                return _loaded;
            }
            _loaded?.Model.Dispose();
            _loaded = null;
            context.Logger.LogInformation("Loading judge {Model} ({Dtype}, {Device})", directory, judge.Dtype, Device(context));
            _loaded = ModelProvider.LoadRecorded(context, directory, judge.Dtype, Device(context), fingerprint);
            return _loaded;
        }
    }

    public void Dispose()
    {
        _loaded?.Model.Dispose();
        _loaded = null;
    }

    private static ComputeDevice Device(StageContext context) => context.Spec.Scoring.Judge?.Device ?? context.Spec.Model.Device;
}
