using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Safetensors;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Models;

/// <summary>Strict loading: every mismatch between config.json and the checkpoint names the file and the tensor.</summary>
public sealed class ModelLoaderTests
{
    /// <summary>Rewrites the folder's model.safetensors through <paramref name="edit"/>.</summary>
    private static string Rewrite(TinyModelFolder folder, Action<Dictionary<string, Tensor>> edit)
    {
        var path = Path.Combine(folder.Directory, ShardedCheckpoint.SingleFileName);
        Dictionary<string, Tensor> tensors;
        using (var file = SafetensorsFile.Open(path))
        {
            tensors = file.Names.ToDictionary(n => n, n => file.Read(n));
        }
        edit(tensors);
        SafetensorsWriter.Save(path, tensors);
        foreach (var t in tensors.Values)
        {
            t.Dispose();
        }
        return path;
    }

    [Fact]
    public void MissingTensorIsNamed()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        Rewrite(folder, t => t.Remove("model.layers.1.mlp.up_proj.weight"));
        var error = Assert.Throws<InputException>(() => folder.Load().Dispose());
        Assert.Contains("model.layers.1.mlp.up_proj.weight", error.Message);
        Assert.Contains(folder.Directory, error.Message);
    }

    [Fact]
    public void UnexpectedTensorIsNamed()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        var path = Rewrite(folder, t => t["model.layers.0.self_attn.q_proj.bias"] = zeros(64));
        var error = Assert.Throws<InputException>(() => folder.Load().Dispose());
        Assert.Contains("model.layers.0.self_attn.q_proj.bias", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void MisShapedTensorIsNamedWithBothShapes()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.Gpt2Config);
        var path = Rewrite(folder, t =>
        {
            t["transformer.h.0.attn.c_attn.weight"].Dispose();
            t["transformer.h.0.attn.c_attn.weight"] = zeros(96, 32); // Linear layout instead of Conv1D's [in, out]
        });
        var error = Assert.Throws<InputException>(() => folder.Load().Dispose());
        Assert.Contains("transformer.h.0.attn.c_attn.weight", error.Message);
        Assert.Contains("[96, 32]", error.Message);
        Assert.Contains("[32, 96]", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Gpt2CheckpointWithoutTransformerPrefixAndWithMaskBuffersLoads()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.Gpt2Config);
        var before = ReferenceChecker.FullForward(folder.Load(), [[1, 2, 3]], left: true)[0];
        Rewrite(folder, t =>
        {
            foreach (var key in t.Keys.ToList())
            {
                t[key["transformer.".Length..]] = t[key];
                t.Remove(key);
            }
            t["h.0.attn.bias"] = ones(1, 1, 64, 64);
            t["lm_head.weight"] = t["wte.weight"].clone();
        });
        using var model = folder.Load();
        var after = ReferenceChecker.FullForward(model, [[1, 2, 3]], left: true)[0];
        Assert.Equal(before[2], after[2]);
    }

    [Fact]
    public void LoadsInBfloat16WhenAsked()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        using var model = ModelLoader.Load(folder.Directory, new ModelLoadOptions { DType = ScalarType.BFloat16 });
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        using var f32 = folder.Load();
        var reference = ReferenceChecker.FullForward(f32, [[5, 6, 7]], left: true)[0][2];
        var low = ReferenceChecker.FullForward(model, [[5, 6, 7]], left: true)[0][2];
        ModelInvariantTests.AssertRowClose(reference, low, tolerance: 0.25); // bf16 keeps ~3 significant digits
    }

    [Fact]
    public void CudaWithoutACudaBuildIsAnInputException()
    {
        if (cuda.is_available())
        {
            return; // only meaningful on the CPU-only build
        }
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        var error = Assert.Throws<InputException>(() => ModelLoader.Load(folder.Directory, new ModelLoadOptions { Device = "cuda" }));
        Assert.Contains("cuda", error.Message);
    }
}
