using System.Text.Json;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Scoring;
using Xunit;
using static TorchSharp.torch;

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

    /// <summary>
    /// Runs every check in the file against the model in <paramref name="modelDir"/>, through sessions built with
    /// <paramref name="session"/> (PEFT virtual tokens) when given.
    /// </summary>
    public static void CheckAll(
        string modelDir,
        string expectedJsonPath,
        ModelLoadOptions? options = null,
        double toleranceScale = 1,
        Func<CausalLanguageModel, ModelSessionOptions>? session = null)
    {
        var expected = ReadExpected(expectedJsonPath);
        using var model = ModelLoader.Load(modelDir, options);
        var factory = new ModelLogitsSessionFactory(model, session?.Invoke(model));
        CheckSequences(factory, expected.GetProperty("sequences"), toleranceScale);
        CheckPaddedBatches(factory, expected, toleranceScale);
        CheckGreedy(factory, expected);
        CheckLogLikelihood(factory, expected, toleranceScale);
    }

    /// <summary>sequences[]: last3_logits at the given positions, and argmax everywhere when recorded.</summary>
    public static void CheckSequences(ILogitsSessionFactory factory, JsonElement sequences, double scale = 1, IReadOnlyList<JsonElement>? inputs = null)
    {
        var items = sequences.EnumerateArray().ToArray();
        for (var s = 0; s < items.Length; s++)
        {
            var source = inputs?[s] ?? items[s];
            var ids = Ints(source.GetProperty("input_ids"));
            var (idsT, maskT) = PromptBatch.LeftPadded([ids]);
            var logits = Prefill(factory, idsT, maskT)[0];                                   // (T, V)
            if (items[s].TryGetProperty("argmax", out var argmax))
            {
                Assert.Equal(Ints(argmax), logits.Select(ArgMax).ToArray());
            }
            var positions = items[s].TryGetProperty("last3_positions", out var p) ? p : source.GetProperty("last3_positions");
            CompareLast3(logits, Ints(positions), items[s].GetProperty("last3_logits"), scale, $"sequence {string.Join(",", ids)}");
        }
    }

    public static void CheckPaddedBatches(ILogitsSessionFactory factory, JsonElement expected, double scale = 1)
    {
        foreach (var batch in expected.GetProperty("padded_batches").EnumerateArray())
        {
            var ids = batch.GetProperty("input_ids").EnumerateArray().Select(Longs).ToArray();
            var mask = batch.GetProperty("attention_mask").EnumerateArray().Select(Longs).ToArray();
            var (b, t) = (ids.Length, ids[0].Length);
            using var idsT = tensor(ids.SelectMany(r => r).ToArray(), [b, t]);
            using var maskT = tensor(mask.SelectMany(r => r).ToArray(), [b, t]);
            var output = Prefill(factory, idsT, maskT);
            var rows = batch.GetProperty("rows").EnumerateArray().ToArray();
            for (var r = 0; r < b; r++)
            {
                var expectedArgmax = Ints(rows[r].GetProperty("argmax"));
                for (var i = 0; i < t; i++)
                {
                    if (expectedArgmax[i] >= 0)
                    {
                        Assert.Equal(expectedArgmax[i], ArgMax(output[r][i]));
                    }
                }
                CompareLast3(output[r], Ints(rows[r].GetProperty("last3_positions")), rows[r].GetProperty("last3_logits"), scale,
                    $"{batch.GetProperty("padding_side").GetString()}-padded row {r}");
            }
        }
    }

    public static void CheckGreedy(ILogitsSessionFactory factory, JsonElement expected)
    {
        foreach (var greedy in expected.GetProperty("greedy").EnumerateArray())
        {
            var prompt = Ints(greedy.GetProperty("prompt_ids"));
            using var session = factory.Open();
            var result = TokenGenerator.Generate(session, [prompt], new GenerationOptions { MaxNewTokens = greedy.GetProperty("max_new_tokens").GetInt32() });
            Assert.Equal(Ints(greedy.GetProperty("output_ids")), result[0].TokenIds);
        }
    }

    public static void CheckLogLikelihood(ILogitsSessionFactory factory, JsonElement expected, double scale = 1)
    {
        var pairs = expected.GetProperty("loglik").EnumerateArray().ToArray();
        var requests = pairs.Select(p => new LogLikelihoodRequest(Ints(p.GetProperty("context_ids")), Ints(p.GetProperty("continuation_ids")))).ToList();
        var results = new SessionLanguageModel(factory).LogLikelihood(requests);
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

    private static float[][][] Prefill(ILogitsSessionFactory factory, Tensor ids, Tensor mask)
    {
        using var session = factory.Open();
        using var deferred = session.Prefill(ids, mask);
        using var logits = deferred.All();              // (B, T, V)
        return Enumerable.Range(0, (int)ids.shape[0]).Select(b => { using var row = logits[b]; return Rows(row); }).ToArray();
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

    private static void CompareLast3(float[][] logits, int[] positions, JsonElement last3, double scale, string what)
    {
        var values = last3.EnumerateArray().ToArray();
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
