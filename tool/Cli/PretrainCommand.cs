using System.CommandLine;
using System.Globalization;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Tool.Demo;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>`pretrain`: regenerate a world (demo or study), its benchmark files, tokenizer and model (docs/demo.md).</summary>
internal static class PretrainCommand
{
    public static Command Create(CliConsole console)
    {
        var demo = new DemoPretrainOptions();
        var study = DemoWorlds.Options(DemoWorlds.Study);
        var world = new Option<string>("--world") { Description = "Which world to build: demo (the quickstart's) or study (larger, for the method study; docs/demo.md).", DefaultValueFactory = _ => DemoWorlds.Demo };
        world.AcceptOnlyFromAmong([.. DemoWorlds.Names]);
        var output = new Option<string>("--out") { Description = "Model folder to write (config.json, model.safetensors, tokenizer.json, ...).", HelpName = "dir", Required = true };
        var data = new Option<string?>("--data") { Description = "Also write the world's benchmark JSONL files (train and test) into this folder.", HelpName = "dir" };
        var seed = new Option<ulong?>("--seed") { Description = $"Seed of the world and corpus (the model's initialisation has its own, --training-seed). Default: {demo.World.Seed} (demo), {study.World.Seed} (study)." };
        var trainingSeed = new Option<ulong?>("--training-seed") { Description = $"Seed of weight initialisation and batch order. Default: {demo.TrainingSeed}." };
        var steps = new Option<int?>("--steps") { Description = $"Optimiser steps. Default: {demo.Steps} (demo), {study.Steps} (study)." };
        var threads = new Option<int?>("--threads") { Description = $"Torch threads; the same count reproduces the same weights. Default: {demo.Threads}." };
        var command = new Command("pretrain", "Train a bundled model from scratch on its synthetic corpus (and write its benchmark): the demo world, or the study world.")
        {
            world, output, data, seed, trainingSeed, steps, threads,
        };
        command.SetAction((parse, ct) =>
        {
            var defaults = DemoWorlds.Options(parse.GetValue(world)!);
            var options = defaults with
            {
                World = defaults.World with { Seed = parse.GetValue(seed) ?? defaults.World.Seed },
                TrainingSeed = parse.GetValue(trainingSeed) ?? defaults.TrainingSeed,
                Steps = parse.GetValue(steps) ?? defaults.Steps,
                Threads = parse.GetValue(threads) ?? defaults.Threads,
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
