using System.Text.Json;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Scoring;
using static TorchSharp.torch;
using Xunit;

namespace SvDecode.Eval.Tests.Models;

/// <summary>
/// Compares a model folder against an expected JSON in the fixtures' schema (sequences, padded_batches, greedy, loglik),
/// at the fixtures README's tolerances: logits and log-probs abs 1e-4, argmax and greedy ids exact.
/// Reused for ../shared/fixtures and for our own tests/fixtures/reference.
/// </summary>
public static class ReferenceChecker
{
    public const double LogitTolerance = 1e-4;
    public const double LogProbTolerance = 1e-4;

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static JsonElement ReadExpected(string expectedJsonPath) =>
        JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(expectedJsonPath), Json);

    /// <summary>Runs every check in the file against the model in <paramref name="modelDir"/>.</summary>
    public static void CheckAll(string modelDir, string expectedJsonPath, ModelLoadOptions? options = null, double toleranceScale = 1)
    {
        var expected = ReadExpected(expectedJsonPath);
        using var model = ModelLoader.Load(modelDir, options);
        CheckSequences(model, expected, toleranceScale);
        CheckPaddedBatches(model, expected, toleranceScale);
        CheckGreedy(model, expected);
        CheckLogLikelihood(model, expected, toleranceScale);
    }

    public static void CheckSequences(CausalLanguageModel model, JsonElement expected, double scale = 1)
    {
        foreach (var sequence in expected.GetProperty("sequences").EnumerateArray())
        {
            var ids = Ints(sequence.GetProperty("input_ids"));
            var logits = FullForward(model, [ids], left: true)[0];                     // (T, V) as float[][]
            var argmax = Ints(sequence.GetProperty("argmax"));
            Assert.Equal(argmax, logits.Select(ArgMax).ToArray());
            CompareLast3(logits, sequence, scale, $"sequence {string.Join(",", ids)}");
        }
    }

    public static void CheckPaddedBatches(CausalLanguageModel model, JsonElement expected, double scale = 1)
    {
        foreach (var batch in expected.GetProperty("padded_batches").EnumerateArray())
        {
            var ids = batch.GetProperty("input_ids").EnumerateArray().Select(Longs).ToArray();
            var mask = batch.GetProperty("attention_mask").EnumerateArray().Select(Longs).ToArray();
            var (b, t) = (ids.Length, ids[0].Length);
            using var scope = NewDisposeScope();
            var idsT = tensor(ids.SelectMany(r => r).ToArray(), [b, t]);
            var maskT = tensor(mask.SelectMany(r => r).ToArray(), [b, t]);
            using var noGrad = no_grad();
            var output = model.Forward(idsT, maskT, AttentionMask.Positions(maskT)).to(ScalarType.Float32);
            var rows = batch.GetProperty("rows").EnumerateArray().ToArray();
            for (var r = 0; r < b; r++)
            {
                var logits = Rows(output[r]);
                var expectedArgmax = Ints(rows[r].GetProperty("argmax"));
                for (var i = 0; i < t; i++)
                {
                    if (expectedArgmax[i] >= 0)
                    {
                        Assert.Equal(expectedArgmax[i], ArgMax(logits[i]));
                    }
                }
                CompareLast3(logits, rows[r], scale, $"{batch.GetProperty("padding_side").GetString()}-padded row {r}");
            }
        }
    }

    public static void CheckGreedy(CausalLanguageModel model, JsonElement expected)
    {
        foreach (var greedy in expected.GetProperty("greedy").EnumerateArray())
        {
            var prompt = Ints(greedy.GetProperty("prompt_ids"));
            using var session = new ModelLogitsSession(model);
            var result = TokenGenerator.Generate(session, [prompt], new GenerationOptions { MaxNewTokens = greedy.GetProperty("max_new_tokens").GetInt32() });
            Assert.Equal(Ints(greedy.GetProperty("output_ids")), result[0].TokenIds);
        }
    }

    public static void CheckLogLikelihood(CausalLanguageModel model, JsonElement expected, double scale = 1)
    {
        var pairs = expected.GetProperty("loglik").EnumerateArray().ToArray();
        var requests = pairs.Select(p => new LogLikelihoodRequest(Ints(p.GetProperty("context_ids")), Ints(p.GetProperty("continuation_ids")))).ToList();
        var results = new SessionLanguageModel(new ModelLogitsSessionFactory(model)).LogLikelihood(requests);
        for (var i = 0; i < pairs.Length; i++)
        {
            var want = pairs[i].GetProperty("token_logprobs").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(want.Length, results[i].TokenLogProbs.Count);
            for (var j = 0; j < want.Length; j++)
            {
                AssertClose(want[j], results[i].TokenLogProbs[j], LogProbTolerance * scale, $"loglik pair {i} token {j}");
            }
            AssertClose(pairs[i].GetProperty("sum").GetDouble(), results[i].Sum, LogProbTolerance * scale * want.Length, $"loglik pair {i} sum");
        }
    }

    /// <summary>Logits (rows of (T, V)) for each sequence, through one padded forward without cache.</summary>
    public static float[][][] FullForward(CausalLanguageModel model, IReadOnlyList<IReadOnlyList<int>> sequences, bool left)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (ids, mask) = left ? PromptBatch.LeftPadded(sequences) : PromptBatch.RightPadded(sequences);
        var output = model.Forward(ids, mask, AttentionMask.Positions(mask)).to(ScalarType.Float32);
        return Enumerable.Range(0, sequences.Count).Select(b => Rows(output[b])).ToArray();
    }

    private static void CompareLast3(float[][] logits, JsonElement expected, double scale, string what)
    {
        var positions = Ints(expected.GetProperty("last3_positions"));
        var values = expected.GetProperty("last3_logits").EnumerateArray().ToArray();
        for (var p = 0; p < positions.Length; p++)
        {
            var want = values[p].EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(want.Length, logits[positions[p]].Length);
            var worst = want.Select((w, v) => Math.Abs(w - logits[positions[p]][v])).Max();
            Assert.True(worst <= LogitTolerance * scale, $"{what}, position {positions[p]}: max |Δlogit| = {worst:G3} > {LogitTolerance * scale:G3}");
        }
    }

    private static void AssertClose(double want, double got, double tolerance, string what)
    {
        if (double.IsNegativeInfinity(want))
        {
            Assert.True(double.IsNegativeInfinity(got), $"{what}: expected -Infinity, got {got}");
            return;
        }
        Assert.True(Math.Abs(want - got) <= tolerance, $"{what}: expected {want}, got {got} (tolerance {tolerance:G3})");
    }

    public static float[][] Rows(Tensor matrix)
    {
        var (t, v) = ((int)matrix.shape[0], (int)matrix.shape[1]);
        var flat = matrix.contiguous().cpu().data<float>().ToArray();
        return Enumerable.Range(0, t).Select(i => flat.AsSpan(i * v, v).ToArray()).ToArray();
    }

    public static int ArgMax(float[] row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best])
            {
                best = i;
            }
        }
        return best;
    }

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static long[] Longs(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();
}
