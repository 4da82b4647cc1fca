using System.Text;
using System.Text.Json.Nodes;
using Snapshooter;
using Snapshooter.Xunit;
using SvDecode.Eval.Hosting;
using SvDecode.Eval.Tests.Pipeline;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Reliability;

/// <summary>
/// The bad-input catalogue beyond pipeline files (those are in Pipeline/Broken and checked by CliTests): model
/// folders, safetensors, tokenizers and data files. Every case ends with exit code 2 and a message naming the file
/// (and the field or line where there is one); none ends in an unhandled exception, a native abort or a hang.
/// </summary>
public sealed class BadInputCatalogueTests
{
    private static readonly string[] Ids = ["--input-ids", "1,2,3"];

    private static string[] Probe(string model, params string[] extra) => ["probe", "--model", model, .. (extra.Length == 0 ? Ids : extra)];

    private static string Weights(string model) => Path.Combine(model, "model.safetensors");

    private static string Write(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public static readonly BadInputCase[] Cases =
    [
        new("model-folder-missing", dir => Probe(Path.Combine(dir, "nowhere")), ["nowhere", "not found"]),
        new("model-config-missing", dir => { var m = BadFiles.CopyModel(dir); File.Delete(Path.Combine(m, "config.json")); return Probe(m); }, ["config.json"]),
        new("model-config-malformed-json", dir => { var m = BadFiles.CopyModel(dir); File.WriteAllText(Path.Combine(m, "config.json"), "{\"hidden_size\": 64,,}"); return Probe(m); }, ["config.json"]),
        new("model-unknown-architecture", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditJson(Path.Combine(m, "config.json"), c => { c["architectures"] = new JsonArray("FalconForCausalLM"); c["model_type"] = "falcon"; }); return Probe(m); }, ["config.json", "Falcon"]),
        new("model-config-missing-field", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditJson(Path.Combine(m, "config.json"), c => c.Remove("hidden_size")); return Probe(m); }, ["config.json", "hidden_size"]),
        new("model-config-bad-heads", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditJson(Path.Combine(m, "config.json"), c => c["num_key_value_heads"] = 3); return Probe(m); }, ["config.json", "num_key_value_heads"]),
        new("model-unsupported-rope-scaling", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditJson(Path.Combine(m, "config.json"), c => c["rope_scaling"] = new JsonObject { ["rope_type"] = "yarn", ["factor"] = 4.0 }); return Probe(m); }, ["config.json", "rope_scaling"]),
        new("model-no-weights", dir => { var m = BadFiles.CopyModel(dir); File.Delete(Weights(m)); return Probe(m); }, ["model.safetensors"]),
        new("model-pickle-only", dir => { var m = BadFiles.CopyModel(dir); File.Move(Weights(m), Path.Combine(m, "pytorch_model.bin")); return Probe(m); }, ["pytorch_model.bin", "never unpickled"]),
        new("safetensors-truncated", dir => { var m = BadFiles.CopyModel(dir); BadFiles.Truncate(Weights(m), 0.5); return Probe(m); }, ["model.safetensors"]),
        new("safetensors-empty", dir => { var m = BadFiles.CopyModel(dir); File.WriteAllBytes(Weights(m), []); return Probe(m); }, ["model.safetensors"]),
        new("safetensors-absurd-header-length", dir => { var m = BadFiles.CopyModel(dir); var b = File.ReadAllBytes(Weights(m)); BitConverter.GetBytes(1UL << 60).CopyTo(b, 0); File.WriteAllBytes(Weights(m), b); return Probe(m); }, ["model.safetensors"]),
        new("safetensors-header-not-json", dir => { var m = BadFiles.CopyModel(dir); var b = File.ReadAllBytes(Weights(m)); b[8] = (byte)'x'; File.WriteAllBytes(Weights(m), b); return Probe(m); }, ["model.safetensors"]),
        new("safetensors-offsets-past-end", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditSafetensorsHeader(Weights(m), h => h["lm_head.weight"]!["data_offsets"] = new JsonArray(0, 1L << 40)); return Probe(m); }, ["model.safetensors", "lm_head.weight"]),
        new("safetensors-overlapping-offsets", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditSafetensorsHeader(Weights(m), h => h["model.norm.weight"]!["data_offsets"] = h["model.embed_tokens.weight"]!["data_offsets"]!.DeepClone()); return Probe(m); }, ["model.safetensors"]),
        new("safetensors-unknown-dtype", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditSafetensorsHeader(Weights(m), h => h["model.norm.weight"]!["dtype"] = "Q4"); return Probe(m); }, ["model.safetensors", "model.norm.weight"]),
        new("safetensors-integer-weights", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditSafetensorsHeader(Weights(m), h => h["model.norm.weight"]!["dtype"] = "I32"); return Probe(m); }, ["model.safetensors", "model.norm.weight"]),
        new("safetensors-size-disagrees-with-shape", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditSafetensorsHeader(Weights(m), h => h["model.norm.weight"]!["shape"] = new JsonArray(65)); return Probe(m); }, ["model.safetensors", "model.norm.weight"]),
        new("safetensors-shape-mismatch-with-config", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditJson(Path.Combine(m, "config.json"), c => c["intermediate_size"] = 128); return Probe(m); }, ["model.safetensors", "mlp"]),
        new("safetensors-missing-tensor", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditSafetensorsHeader(Weights(m), h => h.Remove("lm_head.weight")); return Probe(m); }, ["lm_head.weight"]),
        new("safetensors-unexpected-tensor", dir => { var m = BadFiles.CopyModel(dir); BadFiles.AddTensor(Weights(m), "model.layers.0.self_attn.rotary.inv_freq"); return Probe(m); }, ["model.safetensors", "model.layers.0.self_attn.rotary.inv_freq"]),
        new("sharded-index-missing-shard", dir => { var m = BadFiles.CopyModel(dir, "ref-qwen2"); File.Delete(Path.Combine(m, "model-00002-of-00002.safetensors")); return Probe(m); }, ["model.safetensors.index.json", "model-00002-of-00002.safetensors"]),
        new("sharded-index-malformed", dir => { var m = BadFiles.CopyModel(dir, "ref-qwen2"); File.WriteAllText(Path.Combine(m, "model.safetensors.index.json"), "{\"weight_map\": [1, 2]}"); return Probe(m); }, ["model.safetensors.index.json", "weight_map"]),
        new("tokenizer-missing", dir => Probe(BadFiles.CopyModel(dir), "--text", "a cat"), ["tokenizer"]),
        new("tokenizer-malformed-json", dir => { var m = BadFiles.CopyModel(dir, withTokenizer: true); File.WriteAllText(Path.Combine(m, "tokenizer.json"), "{\"model\": {\"type\": \"BPE\", "); return Probe(m, "--text", "a cat"); }, ["tokenizer.json", "line"]),
        new("tokenizer-unknown-model-type", dir => { var m = BadFiles.CopyModel(dir, withTokenizer: true); BadFiles.EditJson(Path.Combine(m, "tokenizer.json"), t => t["model"]!["type"] = "WordPiece"); return Probe(m, "--text", "a cat"); }, ["tokenizer.json", "WordPiece"]),
        new("tokenizer-invalid-utf8", dir => { var m = BadFiles.CopyModel(dir, withTokenizer: true); var p = Path.Combine(m, "tokenizer.json"); var b = File.ReadAllBytes(p); b[b.Length / 2] = 0xFF; File.WriteAllBytes(p, b); return Probe(m, "--text", "a cat"); }, ["tokenizer.json", "UTF-8"]),
        new("tokenizer-larger-than-model", dir => { var m = BadFiles.CopyModel(dir); SvDecode.Eval.Tokenization.BpeTrainer.Train(Enumerable.Range(0, 400).Select(i => $"word{i} other{i * 3} thing{i * 7}"), 300).Save(m); return Probe(m, "--text", "word1"); }, ["vocab_size"]),
        new("adapter-unknown-peft-type", dir => { var a = BadFiles.CopyAdapter(dir, "lora"); BadFiles.EditJson(Path.Combine(a, "adapter_config.json"), c => c["peft_type"] = "LOHA"); return Probe(BadFiles.ReferenceModel(), "--input-ids", "1,2", "--adapter", a); }, ["adapter_config.json", "peft_type", "LOHA"]),
        new("adapter-config-missing", dir => { var a = BadFiles.CopyAdapter(dir, "lora"); File.Delete(Path.Combine(a, "adapter_config.json")); return Probe(BadFiles.ReferenceModel(), "--input-ids", "1,2", "--adapter", a); }, ["adapter_config.json"]),
        new("adapter-wrong-base-model", dir => Probe(BadFiles.ReferenceModel("ref-gpt2"), "--input-ids", "1,2", "--adapter", BadFiles.CopyAdapter(dir, "lora")), ["adapter"]),
        new("adapter-target-module-missing", dir => { var a = BadFiles.CopyAdapter(dir, "lora"); BadFiles.EditJson(Path.Combine(a, "adapter_config.json"), c => c["target_modules"] = new JsonArray("q_proj", "gate_up")); return Probe(BadFiles.ReferenceModel(), "--input-ids", "1,2", "--adapter", a); }, ["adapter_config.json", "gate_up"]),
        new("adapter-shape-mismatch", dir => { var a = BadFiles.CopyAdapter(dir, "lora"); BadFiles.EditJson(Path.Combine(a, "adapter_config.json"), c => c["r"] = 8); return Probe(BadFiles.ReferenceModel(), "--input-ids", "1,2", "--adapter", a); }, ["adapter_model.safetensors"]),
        new("adapter-prompt-width-mismatch", dir => { var a = BadFiles.CopyAdapter(dir, "prompt"); BadFiles.EditJson(Path.Combine(a, "adapter_config.json"), c => c["token_dim"] = 96); return Probe(BadFiles.ReferenceModel(), "--input-ids", "1,2", "--adapter", a); }, ["adapter_config.json", "token_dim"]),
        new("data-jsonl-malformed-row", dir => ["run", BadFiles.Pipeline(dir, "jsonl", "d.jsonl", "{\"question\": \"q?\", \"choices\": [\"a\", \"b\"], \"answer\": 0}\n{\"question\": \"q2?\", \"choices\": [\"a\", \"b\"], \"answer\": 5}\n"u8.ToArray()), "-o", Path.Combine(dir, "run")], ["d.jsonl:2"]),
        new("data-jsonl-not-json", dir => ["run", BadFiles.Pipeline(dir, "jsonl", "d.jsonl", "{\"question\": \"q?\", \"choices\": [\"a\"\n"u8.ToArray()), "-o", Path.Combine(dir, "run")], ["d.jsonl:1"]),
        new("data-jsonl-unknown-key", dir => ["run", BadFiles.Pipeline(dir, "jsonl", "d.jsonl", "{\"question\": \"q?\", \"choises\": [\"a\", \"b\"], \"answer\": 0}\n"u8.ToArray()), "-o", Path.Combine(dir, "run")], ["d.jsonl:1", "choises"]),
        new("data-invalid-utf8", dir => ["run", BadFiles.Pipeline(dir, "jsonl", "d.jsonl", [.. "{\"question\": \"q"u8, 0xC3, 0x28, .. "?\", \"choices\": [\"a\", \"b\"], \"answer\": 0}\n"u8]), "-o", Path.Combine(dir, "run")], ["d.jsonl", "UTF-8"]),
        new("data-empty-file", dir => ["run", BadFiles.Pipeline(dir, "jsonl", "d.jsonl", []), "-o", Path.Combine(dir, "run")], ["d.jsonl", "empty"]),
        new("data-mmlu-wrong-field-count", dir => ["run", BadFiles.Pipeline(dir, "mmlu", "x_test.csv", "What?,a,b,c,A\n"u8.ToArray()), "-o", Path.Combine(dir, "run")], ["x_test.csv:1"]),
        new("data-mmlu-bad-answer-letter", dir => ["run", BadFiles.Pipeline(dir, "mmlu", "x_test.csv", "What?,a,b,c,d,E\n"u8.ToArray()), "-o", Path.Combine(dir, "run")], ["x_test.csv:1"]),
        new("data-llm-adapters-not-an-array", dir => ["run", BadFiles.Pipeline(dir, "piqa", "test.json", "{\"instruction\": \"x\"}"u8.ToArray()), "-o", Path.Combine(dir, "run")], ["test.json"]),
        new("data-llm-adapters-bad-answer", dir => ["run", BadFiles.Pipeline(dir, "arc_easy", "test.json", "[{\"instruction\": \"Please choose the correct answer to the question: Why?\\n\\nAnswer1: a Answer2: b\\n\\nAnswer format: answer1/answer2\", \"input\": \"\", \"output\": \"the correct answer is answer3\", \"answer\": \"answer3\"}]"u8.ToArray()), "-o", Path.Combine(dir, "run")], ["test.json:1"]),
        new("data-hellaswag-truncated-item", dir => ["run", BadFiles.Pipeline(dir, "hellaswag", "h.txt", "Activity: context\n2\nend a\nend b\n"u8.ToArray()), "-o", Path.Combine(dir, "run")], ["h.txt"]),
        new("data-truthfulqa-missing-column", dir => ["run", BadFiles.Pipeline(dir, "truthfulqa_gen", "TruthfulQA.csv", "Type,Category,Question\nAdversarial,Misc,Why?\n"u8.ToArray()), "-o", Path.Combine(dir, "run")], ["TruthfulQA.csv"]),
        new("data-truthfulqa-mc-task-missing", dir => ["run", BadFiles.Pipeline(dir, "truthfulqa_mc", "TruthfulQA.csv", "Type,Category,Question,Best Answer,Correct Answers,Incorrect Answers,Source\nAdversarial,Misc,Why?,Yes,Yes,No,src\n"u8.ToArray()), "-o", Path.Combine(dir, "run")], ["TruthfulQA.csv", "mc_task.json"]),
        new("data-jsonl-row-without-question", dir => ["run", BadFiles.Pipeline(dir, "jsonl", "d.jsonl", "{}\n"u8.ToArray()), "-o", Path.Combine(dir, "run")], ["d.jsonl:1", "question"]),
        // Hostile shapes and special files: each refused at once, never a wait or a stack overflow.
        new("pipeline-deep-flow-nesting", dir => ["validate", Write(dir, "p.yaml", "name: x\nmodel:\n  path: " + new string('[', 100_000) + new string(']', 100_000) + "\n")], ["p.yaml:3:", "64 levels"]),
        new("pipeline-deep-block-nesting", dir => ["validate", Write(dir, "p.yaml", "name: x\n" + string.Concat(Enumerable.Range(0, 500).Select(i => new string(' ', 2 * i) + $"k{i}:\n")) + new string(' ', 1000) + "v: 1\n")], ["p.yaml:", "64 levels"]),
        new("pipeline-is-a-fifo", dir => { var p = Write(dir, "p.yaml", "name: x\n"); BadFiles.MakeFifo(p); return ["validate", p]; }, ["p.yaml", "FIFO"]),
        new("model-config-deep-json", dir => { var m = BadFiles.CopyModel(dir); var c = Path.Combine(m, "config.json"); File.WriteAllText(c, File.ReadAllText(c).TrimEnd().TrimEnd('}') + ", \"deep\": " + BadFiles.DeepJson(10_000) + "}"); return Probe(m); }, ["config.json", "depth of 64"]),
        new("model-config-giant-vocab", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditJson(Path.Combine(m, "config.json"), c => c["vocab_size"] = 2_000_000_000); return Probe(m); }, ["model.safetensors", "config.json implies [2000000000"]),
        new("model-config-is-a-fifo", dir => { var m = BadFiles.CopyModel(dir); BadFiles.MakeFifo(Path.Combine(m, "config.json")); return Probe(m); }, ["config.json", "FIFO"]),
        new("model-weights-link-loop", dir => { var m = BadFiles.CopyModel(dir); BadFiles.MakeLinkLoop(Weights(m)); return Probe(m); }, ["model.safetensors", "symbolic-link loop"]),
        new("adapter-config-deep-json", dir => { var a = BadFiles.CopyAdapter(dir, "lora"); var c = Path.Combine(a, "adapter_config.json"); File.WriteAllText(c, File.ReadAllText(c).TrimEnd().TrimEnd('}') + ", \"deep\": " + BadFiles.DeepJson(10_000) + "}"); return Probe(BadFiles.ReferenceModel(), "--input-ids", "1,2", "--adapter", a); }, ["adapter_config.json", "depth of 64"]),
        new("data-jsonl-deep-row", dir => ["run", BadFiles.Pipeline(dir, "jsonl", "d.jsonl", Encoding.UTF8.GetBytes("{\"question\": \"q?\", \"choices\": [\"a\", \"b\"], \"answer\": 0, \"meta\": " + BadFiles.DeepJson(10_000) + "}\n")), "-o", Path.Combine(dir, "run")], ["d.jsonl:1", "depth of 64"]),
        new("data-file-is-a-fifo", dir => { var p = BadFiles.Pipeline(dir, "jsonl", "d.jsonl", []); BadFiles.MakeFifo(Path.Combine(dir, "d.jsonl")); return ["run", p, "-o", Path.Combine(dir, "run")]; }, ["d.jsonl", "FIFO"]),
        new("data-file-link-loop", dir => { var p = BadFiles.Pipeline(dir, "jsonl", "d.jsonl", []); BadFiles.MakeLinkLoop(Path.Combine(dir, "d.jsonl")); return ["run", p, "-o", Path.Combine(dir, "run")]; }, ["d.jsonl", "symbolic-link loop"]),
        new("model-config-million-layers", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditJson(Path.Combine(m, "config.json"), c => c["num_hidden_layers"] = 1_000_000); return Probe(m); }, ["config.json", "1000000 layers"]),
        new("model-index-deep-json", dir => { var m = BadFiles.CopyModel(dir, "ref-qwen2"); File.WriteAllText(Path.Combine(m, "model.safetensors.index.json"), "{\"weight_map\": " + BadFiles.DeepJson(10_000) + "}"); return Probe(m); }, ["model.safetensors.index.json", "depth"]),
        new("safetensors-header-deep-json", dir => { var m = BadFiles.CopyModel(dir); BadFiles.EditSafetensorsHeader(Weights(m), h => h["__metadata__"] = JsonNode.Parse(BadFiles.DeepJson(100), documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 256 })); return Probe(m); }, ["model.safetensors", "depth"]),
        new("tokenizer-json-deep", dir => { var m = BadFiles.CopyModel(dir, withTokenizer: true); var t = Path.Combine(m, "tokenizer.json"); File.WriteAllText(t, File.ReadAllText(t).TrimEnd().TrimEnd('}') + ", \"deep\": " + BadFiles.DeepJson(10_000) + "}"); return Probe(m, "--text", "a cat"); }, ["tokenizer.json", "depth of 64"]),
        new("tokenizer-json-is-a-fifo", dir => { var m = BadFiles.CopyModel(dir, withTokenizer: true); BadFiles.MakeFifo(Path.Combine(m, "tokenizer.json")); return Probe(m, "--text", "a cat"); }, ["tokenizer.json", "FIFO"]),
        new("tokenizer-config-deep", dir => { var m = BadFiles.CopyModel(dir, withTokenizer: true); File.WriteAllText(Path.Combine(m, "tokenizer_config.json"), "{\"deep\": " + BadFiles.DeepJson(10_000) + "}"); return Probe(m, "--text", "a cat"); }, ["tokenizer_config.json", "depth"]),
        new("adapter-config-is-a-fifo", dir => { var a = BadFiles.CopyAdapter(dir, "lora"); BadFiles.MakeFifo(Path.Combine(a, "adapter_config.json")); return Probe(BadFiles.ReferenceModel(), "--input-ids", "1,2", "--adapter", a); }, ["adapter_config.json", "FIFO"]),
        new("adapter-weights-link-loop", dir => { var a = BadFiles.CopyAdapter(dir, "lora"); BadFiles.MakeLinkLoop(Path.Combine(a, "adapter_model.safetensors")); return Probe(BadFiles.ReferenceModel(), "--input-ids", "1,2", "--adapter", a); }, ["adapter_model.safetensors", "symbolic-link loop"]),
        new("calibrate-data-is-a-fifo", dir => { var d = Write(dir, "cal.jsonl", ""); BadFiles.MakeFifo(d); return ["calibrate", "--model", BadFiles.ReferenceModel(), "--adapter", BadFiles.CopyAdapter(dir, "lora"), "--data", d]; }, ["cal.jsonl", "FIFO"]),
        new("data-file-is-a-device", dir => { var p = BadFiles.Pipeline(dir, "jsonl", "d.jsonl", []); File.Delete(Path.Combine(dir, "d.jsonl")); File.CreateSymbolicLink(Path.Combine(dir, "d.jsonl"), "/dev/zero"); return ["run", p, "-o", Path.Combine(dir, "run")]; }, ["d.jsonl", "is a device"]),
        new("data-file-dangling-link", dir => { var p = BadFiles.Pipeline(dir, "jsonl", "d.jsonl", []); File.Delete(Path.Combine(dir, "d.jsonl")); File.CreateSymbolicLink(Path.Combine(dir, "d.jsonl"), Path.Combine(dir, "gone.jsonl")); return ["run", p, "-o", Path.Combine(dir, "run")]; }, ["d.jsonl", "gone.jsonl, which does not exist"]),
        new("data-folder-holds-a-fifo", dir => { var f = Directory.CreateDirectory(Path.Combine(dir, "mmlu")).FullName; var csv = Write(f, "x_test.csv", ""); BadFiles.MakeFifo(csv); var p = BadFiles.Pipeline(dir, "mmlu", "unused.txt", []); File.WriteAllText(p, File.ReadAllText(p).Replace("data: unused.txt", "data: mmlu", StringComparison.Ordinal)); return ["run", p, "-o", Path.Combine(dir, "run")]; }, ["x_test.csv", "FIFO"]),
        new("data-llm-adapters-deep-json", dir => ["run", BadFiles.Pipeline(dir, "piqa", "test.json", Encoding.UTF8.GetBytes("[" + BadFiles.DeepJson(10_000) + "]")), "-o", Path.Combine(dir, "run")], ["test.json", "depth"]),
        new("pipeline-link-loop", dir => { var p = Path.Combine(dir, "p.yaml"); File.WriteAllText(p, "name: x\n"); BadFiles.MakeLinkLoop(p); return ["validate", p]; }, ["p.yaml", "symbolic-link loop"]),
        new("pipeline-is-a-device", dir => { var p = Path.Combine(dir, "p.yaml"); File.CreateSymbolicLink(p, "/dev/zero"); return ["validate", p]; }, ["p.yaml", "is a device"]),
        new("output-on-a-read-only-file-system", dir => ["run", BadFiles.Pipeline(dir, "jsonl", "d.jsonl", "{\"question\": \"q?\", \"choices\": [\"a\", \"b\"], \"answer\": 0}\n"u8.ToArray()), "-o", "/proc/svdecode-run"], ["/proc/svdecode-run", "cannot write"]),
        new("data-jsonl-line-too-long", dir => ["run", BadFiles.Pipeline(dir, "jsonl", "d.jsonl", Encoding.UTF8.GetBytes("{\"question\": \"" + new string('q', 2 << 20) + "?\", \"choices\": [\"a\", \"b\"], \"answer\": 0}\n")), "-o", Path.Combine(dir, "run")], ["d.jsonl:1", "at most 1,048,576"]),
        new("data-file-larger-than-the-limit", dir => { var p = BadFiles.Pipeline(dir, "jsonl", "d.jsonl", "{}\n"u8.ToArray()); using (var f = File.OpenWrite(Path.Combine(dir, "d.jsonl"))) { f.SetLength((1L << 30) + 1); } return ["run", p, "-o", Path.Combine(dir, "run")]; }, ["d.jsonl", "at most 1,073,741,824 bytes"]),
        new("output-is-an-existing-file", dir => ["run", BadFiles.Pipeline(dir, "jsonl", "d.jsonl", "{\"question\": \"q?\", \"choices\": [\"a\", \"b\"], \"answer\": 0}\n"u8.ToArray()), "-o", Write(dir, "taken", "x")], ["taken", "is a file"]),
        new("output-under-a-file", dir => ["run", BadFiles.Pipeline(dir, "jsonl", "d.jsonl", "{\"question\": \"q?\", \"choices\": [\"a\", \"b\"], \"answer\": 0}\n"u8.ToArray()), "-o", Path.Combine(Write(dir, "plain", "x"), "run")], ["plain", "is a file, not a folder"]),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases)
        {
            data.Add(c.Name);
        }
        return data;
    }

    [Fact]
    public void TogetherWithTheBrokenPipelinesTheCatalogueHasAtLeastAHundredCases() =>
        Assert.True(Cases.Length + BrokenPipelineTests.Files().Count >= 100, $"{Cases.Length} + {BrokenPipelineTests.Files().Count}");

    [Theory]
    [MemberData(nameof(Names))]
    public async Task BadInputExitsWithTwoAndAMessageNamingTheFile(string name)
    {
        var badCase = Cases.Single(c => c.Name == name);
        using var dir = new TempDirectory();
        var args = badCase.Arrange(dir.Path);

        var (code, output, error) = await CliRunner.RunAsync(args);

        Assert.True(code == ExitCodes.BadInput, $"exit {code}\nstdout: {output}\nstderr: {error}");
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace: a clean message
        foreach (var fragment in badCase.Names)
        {
            Assert.Contains(fragment, error, StringComparison.Ordinal);
        }
        var normalised = new StringBuilder(error)
            .Replace(dir.Path, "<dir>")
            .Replace(SharedFiles.RepositoryRoot, "<repo>")
            .ToString();
        Snapshot.Match(normalised, SnapshotNameExtension.Create(name));
    }
}
