using System.Text;
using System.Text.Json.Nodes;
using Xunit;
using SvDecode.Eval.Tests.Support;

namespace SvDecode.Eval.Tests.Reliability;

/// <summary>Builds broken copies of our reference model folder and data files for the bad-input catalogue.</summary>
public static class BadFiles
{
    public static string ReferenceModel(string name = "ref-llama") =>
        Path.Combine(SharedFiles.RepositoryRoot, "tests", "fixtures", "reference", "models", name);

    /// <summary>A copy of a reference model folder, optionally with a tokenizer trained on a few sentences.</summary>
    public static string CopyModel(string dir, string name = "ref-llama", bool withTokenizer = false)
    {
        var target = Path.Combine(dir, "model");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(ReferenceModel(name)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        if (withTokenizer)
        {
            var corpus = Enumerable.Range(0, 50).Select(i => $"a cat and a dog {i}");
            SvDecode.Eval.Tokenization.BpeTrainer.Train(corpus, 300, ["<s>", "</s>"]).Save(target);
        }
        return target;
    }

    /// <summary>A copy of one of our reference adapters (ref-llama-lora, -ia3, -prompt, -prefix).</summary>
    public static string CopyAdapter(string dir, string kind)
    {
        var target = Path.Combine(dir, "adapter");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SharedFiles.RepositoryRoot, "tests", "fixtures", "reference", "adapters", "ref-llama-" + kind)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        return target;
    }

    public static void EditJson(string path, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(node);
        File.WriteAllText(path, node.ToJsonString());
    }

    /// <summary>Rewrites a safetensors header (8-byte little-endian length, JSON, then the data) keeping the data.</summary>
    public static void EditSafetensorsHeader(string path, Action<JsonObject> edit)
    {
        var bytes = File.ReadAllBytes(path);
        var length = (int)BitConverter.ToUInt64(bytes, 0);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, length))!.AsObject();
        edit(header);
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = new byte[(json.Length + 7) / 8 * 8];
        Array.Fill(padded, (byte)' ');
        json.CopyTo(padded, 0);
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((ulong)padded.Length));
        stream.Write(padded);
        stream.Write(bytes.AsSpan(8 + length));
    }

    /// <summary>Adds a tensor the architecture does not have.</summary>
    public static void AddTensor(string path, string name)
    {
        var tensors = new Dictionary<string, TorchSharp.torch.Tensor>();
        using (var file = SvDecode.Eval.Models.Safetensors.SafetensorsFile.Open(path))
        {
            foreach (var existing in file.Names)
            {
                tensors[existing] = file.Read(existing);
            }
        }
        tensors[name] = TorchSharp.torch.zeros(4);
        SvDecode.Eval.Models.Safetensors.SafetensorsWriter.Save(path, tensors);
        foreach (var tensor in tensors.Values)
        {
            tensor.Dispose();
        }
    }

    public static void Truncate(string path, double fraction)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * fraction)]);
    }

    /// <summary>A pipeline over one jsonl-format data file of the given content, with the reference model.</summary>
    public static string Pipeline(string dir, string benchmark, string dataName, byte[] data, string extra = "")
    {
        File.WriteAllBytes(Path.Combine(dir, dataName), data);
        var path = Path.Combine(dir, "p.yaml");
        File.WriteAllText(path, $"""
            name: bad-data
            model:
              path: {ReferenceModel()}
            benchmarks:
              - name: {benchmark}
                data: {dataName}
            {extra}
            """);
        return path;
    }

    /// <summary>Replaces a file with a FIFO (named pipe) of the same name: opening it for reading would wait forever.</summary>
    public static void MakeFifo(string path)
    {
        File.Delete(path);
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>Replaces a file with a symbolic link that points, through a second link, back at itself.</summary>
    public static void MakeLinkLoop(string path)
    {
        File.Delete(path);
        var other = path + ".loop";
        File.CreateSymbolicLink(path, other);
        File.CreateSymbolicLink(other, path);
    }

    /// <summary>JSON nested <paramref name="depth"/> objects deep.</summary>
    public static string DeepJson(int depth) => string.Concat(Enumerable.Repeat("{\"x\": ", depth)) + "1" + new string('}', depth);
}
