using System.CommandLine;
using System.Globalization;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Tool.Demo;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>`pretrain`: regenerate the demo world, benchmark files, tokenizer and model (docs/demo.md).</summary>
internal static class PretrainCommand
{
    public static Command Create(CliConsole console)
    {
        var defaults = new DemoPretrainOptions();
        var output = new Option<string>("--out") { Description = "Model folder to write (config.json, model.safetensors, tokenizer.json, ...).", HelpName = "dir", Required = true };
        var data = new Option<string?>("--data") { Description = "Also write the demo benchmark JSONL files (train and test) into this folder.", HelpName = "dir" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the world and corpus (the model's initialisation has its own, --training-seed).", DefaultValueFactory = _ => defaults.World.Seed };
        var trainingSeed = new Option<ulong>("--training-seed") { Description = "Seed of weight initialisation and batch order.", DefaultValueFactory = _ => defaults.TrainingSeed };
        var steps = new Option<int>("--steps") { Description = "Optimiser steps.", DefaultValueFactory = _ => defaults.Steps };
        var threads = new Option<int>("--threads") { Description = "Torch threads; the same count reproduces the same weights.", DefaultValueFactory = _ => defaults.Threads };
        var command = new Command("pretrain", "Train the bundled demo model from scratch on the synthetic demo corpus (and write the demo benchmark).")
        {
            output, data, seed, trainingSeed, steps, threads,
        };
        command.SetAction((parse, ct) =>
        {
            var options = defaults with
            {
                World = defaults.World with { Seed = parse.GetValue(seed) },
                TrainingSeed = parse.GetValue(trainingSeed),
                Steps = parse.GetValue(steps),
                Threads = parse.GetValue(threads),
            };
            if (parse.GetValue(data) is { } dataFolder)
            {
                foreach (var path in DemoQuestionSets.Write(DemoWorld.Generate(options.World), Path.GetFullPath(dataFolder)))
                {
                    console.Error.WriteLine($"wrote {path}");
                }
            }
            var result = DemoPretrainer.Run(options, Path.GetFullPath(parse.GetValue(output)!), console.Error.WriteLine, ct);
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.OutputFolder}: {result.Parameters} parameters, vocab {result.VocabSize}, {result.CorpusTokens} corpus tokens, {result.Steps} steps, final loss {result.FinalLoss:0.0000}, {result.Seconds:0.0} s"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
