using TorchSharp;

namespace SvDecode.Eval.Steering;

/// <summary>
/// Per-token optimal steering strength μ*_t from teacher-forced base and adapted logits at the answer positions
/// (Eq. 20/43): μ*_t = Σ_keep (e_{y*} − p)·d / (Σ_keep d² + ε), the least-squares strength along the direction d the
/// logits are then moved along: d = δ (projection on, the method) or g = −(log r + 1) (projection off; method.md §9);
/// for logit extrapolation the same solve gives λ*_t along d = log r = lp_φ − lp_θ.
/// No token is skipped unless min_delta_norm is set (a bound on ‖d_keep‖); tokens with non-finite values are always
/// skipped (and counted by the report).
/// </summary>
public static class StrengthSolver
{
    /// <param name="baseLogits">z_θ at the positions that predict each target token. (T, V)</param>
    /// <param name="adaptedLogits">z_φ at the same positions. (T, V)</param>
    /// <param name="targets">The gold token y*_t predicted at each position. (T)</param>
    public static IReadOnlyList<TokenStrength> Solve(torch.Tensor baseLogits, torch.Tensor adaptedLogits, IReadOnlyList<long> targets, StrengthSolverOptions? options = null)
    {
        options ??= new StrengthSolverOptions();
        if (baseLogits.dim() != 2 || baseLogits.shape[0] != targets.Count)
        {
            throw new ArgumentException(
                $"Expected logits (T, V) with T = {targets.Count} targets; got [{string.Join(", ", baseLogits.shape)}].");
        }
        var vocabulary = baseLogits.shape[1];
        if (targets.Any(t => t < 0 || t >= vocabulary))
        {
            throw new ArgumentOutOfRangeException(nameof(targets), $"Every target id must lie in [0, {vocabulary}).");
        }

        double[] numerators, denominators, kls;
        long[] kept, badBase, badAdapted, badDelta;
        bool[] goldKept;
        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
        {
            var steering = SteeringVector.Compute(baseLogits, adaptedLogits, options.ComputeType);
            var keep = ConfidenceMask.Compute(steering.AdaptedProbs, options.Alpha);             // (T, V) bool
            var targetIds = torch.tensor(targets.ToArray(), torch.ScalarType.Int64, device: keep.device).unsqueeze(-1); // (T, 1)
            var direction = SteeredLogits.Direction(steering, options.Method, options.Projection);  // (T, V) δ, g or log r
            // Products with the mask as numbers (not where): a non-finite d on a masked token still makes the token
            // non-finite. Each (T, V) temporary is freed once used: a chunk of a 152K vocabulary is megabytes each.
            torch.Tensor keptDirection;                                                            // (T, V)
            using (var keepF = keep.to_type(options.ComputeType))
            {
                keptDirection = keepF * direction;
            }
            // Σ_keep (e_y* − p)·d = keep(y*)·d(y*) − Σ_keep p·d: the gold term by gather, no (T, V) one-hot.
            var num = keptDirection.gather(-1, targetIds).squeeze(-1) - SumOfProduct(keptDirection, steering.AdaptedProbs); // (T)
            var den = SumOfProduct(keptDirection, direction);                                      // (T)
            keptDirection.Dispose();
            numerators = ToDoubles(num);
            denominators = ToDoubles(den);
            kept = keep.sum(-1, type: torch.ScalarType.Int64).cpu().data<long>().ToArray();
            goldKept = keep.gather(-1, targetIds).squeeze(-1).cpu().data<bool>().ToArray();
            kls = ToDoubles(steering.Kl);
            badBase = NonFinitePerRow(baseLogits);
            badAdapted = NonFinitePerRow(adaptedLogits);
            badDelta = NonFinitePerRow(steering.Delta);
        }

        var result = new TokenStrength[targets.Count];
        for (var t = 0; t < result.Length; t++)
        {
            var mu = numerators[t] / (denominators[t] + options.Epsilon);
            var skip = !double.IsFinite(mu) || !double.IsFinite(numerators[t]) || !double.IsFinite(denominators[t])
                ? StrengthSkipReason.NonFinite
                : options.MinDeltaNorm is { } min && Math.Sqrt(denominators[t]) < min
                    ? StrengthSkipReason.SmallDelta
                    : StrengthSkipReason.None;
            result[t] = new TokenStrength(mu, numerators[t], denominators[t], (int)kept[t], goldKept[t], skip,
                kls[t], new NonFiniteCounts(badBase[t], badAdapted[t], badDelta[t]));
        }
        return result;
    }

    /// <summary>Σ over the last dimension of a ⊙ b, the (T, V) product freed at once. (T)</summary>
    private static torch.Tensor SumOfProduct(torch.Tensor a, torch.Tensor b)
    {
        using var product = a * b;
        return product.sum(-1);
    }

    /// <summary>NaN/±Inf entries in each row of a (T, V) tensor.</summary>
    private static long[] NonFinitePerRow(torch.Tensor values) =>
        values.isfinite().logical_not().sum(-1, type: torch.ScalarType.Int64).cpu().data<long>().ToArray();

    private static double[] ToDoubles(torch.Tensor values) =>
        values.to_type(torch.ScalarType.Float64).cpu().data<double>().ToArray();
}
