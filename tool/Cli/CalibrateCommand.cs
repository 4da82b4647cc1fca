using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Calibration;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Models;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tokenization;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>`calibrate`: the steering strength μ̄ of a model + adapter on a JSONL file of (prompt, target) pairs.</summary>
internal static class CalibrateCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = "A Hugging Face model folder.", HelpName = "dir", Required = true };
        var adapter = new Option<string>("--adapter") { Description = "A PEFT adapter folder for that model.", HelpName = "dir", Required = true };
        var data = new Option<string>("--data")
        {
            Description = "JSONL: {\"prompt_ids\": [...], \"target_ids\": [...]} (used as given) or {\"prompt\": \"...\", \"target\": \"...\"} per line; a text target gets the tokenizer's EOS appended, as the warm-start learns it.",
            HelpName = "file.jsonl",
            Required = true,
        };
        var alpha = new Option<double>("--alpha") { Description = "SVDecode's confidence-mask threshold (steering.alpha): keep tokens with probability >= a times the top one.", DefaultValueFactory = _ => ConfidenceMask.DefaultAlpha, HelpName = "a" };
        var noProjection = new Option<bool>("--no-projection") { Description = "Solve mu* along g = -(log r + 1) instead of delta: the 'projection off' ablation (steering.projection: false)." };
        var dtype = new Option<string>("--dtype") { Description = "float32, bfloat16 or float16.", DefaultValueFactory = _ => "float32" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: mu_mean, mu_median, mu_trimmed, mu_ratio, tokens_used, tokens_skipped, negative_fraction, examples, alpha, projection." };
        var command = new Command("calibrate", "Solve the SVDecode steering strength (per-token mu* on the targets, teacher-forced) and print every aggregate.")
        {
            model, adapter, data, alpha, noProjection, dtype, json,
        };
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(model)!);
            using var loaded = ModelLoader.Load(directory, new ModelLoadOptions { DType = ModelLoadOptions.ParseDType(parse.GetValue(dtype)!, "--dtype") });
            loaded.eval();
            var options = new StrengthSolverOptions { Alpha = parse.GetValue(alpha), Projection = !parse.GetValue(noProjection) }.Validate("--alpha");
            var tokenizer = TokenizerLoader.HasTokenizer(directory) ? TokenizerLoader.Load(directory) : null; // vocab.json + merges.txt too (Qwen2)
            var examples = CalibrationFile.Read(Path.GetFullPath(parse.GetValue(data)!), tokenizer, loaded.Config.VocabSize);
            using var services = CliServices.Catalog();
            using var peft = services.GetRequiredService<IAdapterLoader>().Attach(loaded, Path.GetFullPath(parse.GetValue(adapter)!));
            var report = new StrengthCalibrator(() => peft.OpenPair(PairForward.Batched)).Calibrate(examples, options, StrengthAggregation.Mean);
            var summary = CalibrationSummary.From(report, examples.Count, options.Alpha, options.Projection);
            console.Out.Write(parse.GetValue(json) ? JsonSerializer.Serialize(summary, Json.Canonical) + "\n" : Readable(summary));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Readable(CalibrationSummary s) => string.Create(CultureInfo.InvariantCulture, $"""
        mu_mean           {s.MuMean:0.######}
        mu_median         {s.MuMedian:0.######}
        mu_trimmed        {s.MuTrimmed:0.######}
        mu_ratio          {s.MuRatio:0.######}
        tokens_used       {s.TokensUsed}
        tokens_skipped    {s.TokensSkipped}
        negative_fraction {s.NegativeFraction:0.####}
        ({s.Examples} examples, alpha {s.Alpha}, projection {(s.Projection ? "on" : "off")})

        """);
}
