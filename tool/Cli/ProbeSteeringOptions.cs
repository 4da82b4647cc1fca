using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Models;
using SvDecode.Eval.Probe;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>`probe --adapter <dir> [--steer --mu x [--alpha a] [--mask hard|soft|none]]`: the adapted model's probe, and
/// with --steer the SVDecode quantities (base = the same model with the adapter off).</summary>
internal sealed class ProbeSteeringOptions
{
    public Option<string?> Adapter { get; } = new("--adapter") { Description = "A PEFT adapter folder: probe the adapted model (the base is the same model without it).", HelpName = "dir" };
    public Option<bool> Steer { get; } = new("--steer") { Description = "Add SVDecode quantities: delta, keep, steered_last_logits, steered_target_logprobs, steered_generated_ids (needs --adapter and --mu)." };
    public Option<double?> Mu { get; } = new("--mu") { Description = "Steering strength.", HelpName = "x" };
    public Option<double> Alpha { get; } = new("--alpha") { Description = "SVDecode's confidence-mask threshold (steering.alpha): keep tokens with probability >= a times the top one.", DefaultValueFactory = _ => ConfidenceMask.DefaultAlpha, HelpName = "a" };
    public Option<string> Mask { get; } = new("--mask") { Description = "Mask mode for steered_last_logits and steered_target_logprobs (generation always uses hard).", DefaultValueFactory = _ => "hard", HelpName = "hard|soft|none" };

    public void AddTo(Command command)
    {
        command.Options.Add(Adapter);
        command.Options.Add(Steer);
        command.Options.Add(Mu);
        command.Options.Add(Alpha);
        command.Options.Add(Mask);
        command.Validators.Add(r =>
        {
            if (r.GetValue(Steer) && (r.GetValue(Adapter) is null || r.GetValue(Mu) is null))
            {
                r.AddError("--steer needs --adapter and --mu.");
            }
        });
    }

    /// <summary>Runs the adapter probe when --adapter is given and returns the text to print; null otherwise.</summary>
    public string? TryRun(ParseResult parse, CausalLanguageModel model, IReadOnlyList<int> ids, IReadOnlyList<int>? targets, int generate, bool json, Func<ProbeResult, string> readable)
    {
        if (parse.GetValue(Adapter) is not { } adapterDirectory)
        {
            return null;
        }
        using var services = CliServices.Catalog();
        using var adapter = services.GetRequiredService<IAdapterLoader>().Attach(model, Path.GetFullPath(adapterDirectory));
        if (!parse.GetValue(Steer))
        {
            var adapted = SteeredProbe.Run(adapter.AdaptedSessions, ids, targets, generate);
            return json ? JsonSerializer.Serialize(adapted, Json.Canonical) + "\n" : readable(adapted);
        }
        var options = new SteeringOptions { Alpha = parse.GetValue(Alpha), Mask = MaskModes.Parse(parse.GetValue(Mask)!, "--mask") }.Validate("--alpha/--mask");
        var result = SteeredProbe.RunSteered(adapter, ids, targets, generate, parse.GetValue(Mu)!.Value, options);
        return json ? JsonSerializer.Serialize(result, Json.Canonical) + "\n" : Readable(result);
    }

    private static string Readable(SteeredProbeResult result)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"steering at the last position: mu {result.Mu}, alpha {result.Alpha}, mask {result.Mask}, {result.Keep.Count(k => k)} of {result.Keep.Count} tokens kept\n");
        sb.Append("  id      z_phi      delta    steered\n");
        foreach (var id in Enumerable.Range(0, result.Keep.Count).Where(i => result.Keep[i]).OrderByDescending(i => result.LastLogits[i]).Take(10))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{id,4} {result.LastLogits[id],10:0.0000} {result.Delta[id],10:0.000000} {result.SteeredLastLogits[id],10:0.0000}\n");
        }
        if (result.SteeredTargetLogProbs.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"target log-probs: adapted {result.TargetLogProbs.Sum():0.0000}, steered {result.SteeredTargetLogProbs.Sum():0.0000}\n");
        }
        if (result.SteeredGeneratedIds.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"generated ids: adapted {string.Join(",", result.GeneratedIds)}; steered {string.Join(",", result.SteeredGeneratedIds)}\n");
        }
        return sb.ToString();
    }
}
