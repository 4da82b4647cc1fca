using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Models;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Probe;
using SvDecode.Eval.Tokenization;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>`probe`: one model's logits, argmax, target log-probs and a greedy continuation, for checks against other implementations.</summary>
internal static class ProbeCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = "A Hugging Face model folder.", HelpName = "dir", Required = true };
        var inputIds = new Option<string?>("--input-ids") { Description = "Comma-separated token ids.", HelpName = "i,j,..." };
        var text = new Option<string?>("--text") { Description = "Text to encode with the model folder's tokenizer (special tokens as its config says).", HelpName = "s" };
        var targetIds = new Option<string?>("--target-ids") { Description = "Token ids whose log-probabilities to report, each given the input and the earlier targets.", HelpName = "i,j,..." };
        var generate = new Option<int>("--generate") { Description = "Greedy-generate exactly n tokens (no EOS stop).", HelpName = "n" };
        var dtype = new Option<string>("--dtype") { Description = "float32, bfloat16 or float16.", DefaultValueFactory = _ => "float32" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: input_ids, last_logits, argmax, target_logprobs, generated_ids." };
        var command = new Command("probe", "Run a model on token ids or text and print logits, argmax, target log-probs and a greedy continuation.")
        {
            model, inputIds, text, targetIds, generate, dtype, json,
        };
        var steering = new ProbeSteeringOptions();
        steering.AddTo(command);
        command.Validators.Add(r =>
        {
            if ((r.GetValue(inputIds) is null) == (r.GetValue(text) is null))
            {
                r.AddError("Give exactly one of --input-ids and --text.");
            }
            if (r.GetValue(generate) < 0)
            {
                r.AddError("--generate must be 0 or more.");
            }
        });
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(model)!);
            using var loaded = ModelLoader.Load(directory, new ModelLoadOptions { DType = ModelLoadOptions.ParseDType(parse.GetValue(dtype)!, "--dtype") });
            loaded.eval();
            var tokenizer = parse.GetValue(text) is not null ? TokenizerLoader.Load(directory)
                : !parse.GetValue(json) ? TryTokenizer(directory) : null;
            if (tokenizer is not null)
            {
                TokenizerModelCheck.EnsureFits(tokenizer, loaded.Config.VocabSize, directory);
            }
            var ids = parse.GetValue(inputIds) is { } list
                ? ParseIds(list, "--input-ids")
                : tokenizer!.Encode(parse.GetValue(text)!);
            var targets = parse.GetValue(targetIds) is { } t ? ParseIds(t, "--target-ids") : null;
            if (steering.TryRun(parse, loaded, ids, targets, parse.GetValue(generate), parse.GetValue(json), r => Readable(r, tokenizer)) is { } adapted)
            {
                console.Out.Write(adapted);
                return ExitCodes.Success;
            }
            var result = ModelProbe.Run(loaded, ids, targets, parse.GetValue(generate));
            console.Out.Write(parse.GetValue(json) ? JsonSerializer.Serialize(result, Json.Canonical) + "\n" : Readable(result, tokenizer));
            return ExitCodes.Success;
        });
        return command;
    }

    internal static IReadOnlyList<int> ParseIds(string text, string option)
    {
        var ids = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                throw new InputException($"{option}: '{part}' is not a token id (expected comma-separated integers)");
            }
            ids.Add(id);
        }
        return ids;
    }

    private static ITextTokenizer? TryTokenizer(string directory)
    {
        try
        {
            return TokenizerLoader.Load(directory);
        }
        catch (InputException)
        {
            return null; // ids work without a tokenizer; only the readable token strings are lost
        }
    }

    private static string Readable(ProbeResult result, ITextTokenizer? tokenizer)
    {
        string Token(int id) => tokenizer?.IdToToken(id) is { } s ? $"{id} {JsonSerializer.Serialize(s)}" : id.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("position  input -> argmax\n");
        for (var i = 0; i < result.InputIds.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i,8}  {Token(result.InputIds[i])} -> {Token(result.Argmax[i])}\n");
        }
        sb.Append("top logits at the last position:\n");
        foreach (var (logit, id) in result.LastLogits.Select((l, i) => (l, i)).OrderByDescending(x => x.l).Take(5))
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {logit,10:0.0000}  {Token(id)}\n");
        }
        if (result.TargetLogProbs.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"target log-probs (sum {result.TargetLogProbs.Sum():0.0000}): {string.Join(", ", result.TargetLogProbs.Select(l => l.ToString("0.0000", CultureInfo.InvariantCulture)))}\n");
        }
        if (result.GeneratedIds.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"generated ids: {string.Join(",", result.GeneratedIds)}\n");
            if (tokenizer is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $"generated text: {JsonSerializer.Serialize(tokenizer.Decode(result.GeneratedIds))}\n");
            }
        }
        return sb.ToString();
    }
}
