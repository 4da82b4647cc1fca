using System.Globalization;
using System.Text.Json;
using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Safetensors;
using SvDecode.Eval.Tests.Models;
using SvDecode.Eval.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Performance;

/// <summary>
/// The PyTorch peer measures the same computation as the tool: benchmarks/pytorch/bench.py's own eager model gives the
/// tool's logits on Qwen2 folders (grouped-query attention, random non-zero q/k/v biases, tied head, an explicit
/// head_dim) in float32 and, read from a BF16 safetensors file, in bfloat16. The peer runs the first tokens without a
/// cache and the rest through it, so its cached path (the one its decode and scoring use) is checked too.
/// </summary>
public sealed class PyTorchPeerAgreementTests
{
    /// <summary>TinyModelFolder's Qwen2 with 2 kv heads and a head_dim (16) that is not hidden / heads (8).</summary>
    private const string Qwen2WithHeadDim = """
        {"architectures": ["Qwen2ForCausalLM"], "vocab_size": 61, "hidden_size": 32, "intermediate_size": 48,
         "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16, "rms_norm_eps": 1e-6,
         "rope_theta": 1000000.0, "tie_word_embeddings": true, "max_position_embeddings": 128}
        """;

    private static readonly long[] Ids = [5, 17, 3, 42, 8, 60, 1, 33, 29, 11, 50, 7];

    private const int CachedFrom = 7;

    public static TheoryData<string, string> Cases => new()
    {
        { "qwen2", "float32" },
        { "qwen2", "bfloat16" },
        { "qwen2-head-dim", "float32" },
        { "qwen2-head-dim", "bfloat16" },
    };

    [PyTorchPeerTheory]
    [MemberData(nameof(Cases))]
    public async Task ThePeersLogitsAreTheToolsInTheFoldersDType(string config, string dtypeName)
    {
        using var folder = new TinyModelFolder(config == "qwen2" ? TinyModelFolder.Qwen2Config : Qwen2WithHeadDim);
        var dtype = ModelLoadOptions.ParseDType(dtypeName);
        using var temp = new TempDirectory();
        var directory = dtype == ScalarType.Float32 ? folder.Directory : WriteInDType(folder.Directory, temp.Combine("bf16"), dtype);

        var ours = ToolLogits(directory, dtype);
        var (peerDType, peer) = await PeerLogits(directory);

        Assert.Equal(dtypeName, peerDType); // read from the file: BF16 tensors stay bfloat16
        Assert.Equal(ours.Length, peer.Length);
        var scale = ours.Max(Math.Abs);
        Assert.True(scale > 1, $"logits spread over {scale}: too flat to tell a wrong model from a right one");
        var worst = MaxDifference(ours, peer);
        if (dtype == ScalarType.Float32)
        {
            // Two eager implementations of the same float32 arithmetic: they differ by rounding only.
            Assert.True(worst <= 1e-4 * scale, $"{config}: largest logit difference {worst} (largest logit {scale})");
            return;
        }
        // bfloat16 keeps 8 bits of mantissa; each side rounds the same ops with its own kernels, so each is some way off
        // the float32 logits (here ~0.15-0.2 of logits up to ~5). The peer agrees when it is no further from the tool,
        // and no further from float32, than twice the tool's own bfloat16 error; a missing bias or a wrong head would
        // move logits by whole units.
        var reference = ToolLogits(folder.Directory, ScalarType.Float32);
        var ownError = MaxDifference(ours, reference);
        Assert.True(ownError > 0, "the bfloat16 folder ran in float32");
        Assert.True(worst <= 2 * ownError, $"{config}: tool vs peer {worst} > twice the tool's bfloat16 error {ownError}");
        var peerError = MaxDifference(peer, reference);
        Assert.True(peerError <= 2 * ownError, $"{config}: peer vs float32 {peerError} > twice the tool's bfloat16 error {ownError}");
    }

    private static double MaxDifference(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    /// <summary>The folder's weights converted to <paramref name="dtype"/> and written as such (BF16 tensors on disk).</summary>
    private static string WriteInDType(string source, string directory, ScalarType dtype)
    {
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(source, "config.json"), Path.Combine(directory, "config.json"));
        using var model = ModelLoader.Load(source, new ModelLoadOptions { DType = dtype });
        var tensors = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        SafetensorsWriter.Save(Path.Combine(directory, "model.safetensors"), tensors);
        return directory;
    }

    private static double[] ToolLogits(string directory, ScalarType dtype)
    {
        using var model = ModelLoader.Load(directory, new ModelLoadOptions { DType = dtype });
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ids = tensor(Ids).unsqueeze(0);
        var logits = model.Forward(ids, ones_like(ids), arange(Ids.Length).unsqueeze(0)); // (1, T, V)
        return logits.to(ScalarType.Float64).flatten().data<double>().ToArray();
    }

    private static async Task<(string DType, double[] Logits)> PeerLogits(string directory)
    {
        var script = Path.Combine(SharedFiles.RepositoryRoot, "benchmarks", "pytorch", "bench.py");
        var result = await ChildProcess.RunAsync(PyTorchPeerFactAttribute.Python,
            [script, "--logits", directory, "--ids", string.Join(',', Ids.Select(i => i.ToString(CultureInfo.InvariantCulture))),
             "--split", CachedFrom.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(result.ExitCode == 0, result.Printed);
        using var json = JsonDocument.Parse(result.Stdout);
        var logits = json.RootElement.GetProperty("logits").EnumerateArray().SelectMany(row => row.EnumerateArray().Select(v => v.GetDouble())).ToArray();
        return (json.RootElement.GetProperty("dtype").GetString()!, logits);
    }
}
