using System.Globalization;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;

namespace SvDecode.Eval.Pipeline;

/// <summary>
/// One combination of the matrix axes, e.g. LoRA with SVDecode ("lora+svdecode"). The sweep axes are set only when
/// the matrix lists them (null: the pipeline's own setting), and then appear in the id:
/// "lora+svdecode[alpha=0.2,mu=median,seed=2]". The id is the cell's canonical form: <see cref="Parse"/> reads it back.
/// </summary>
public sealed record MatrixCell(MatrixPeft Peft, SteeringSwitch Steering)
{
    /// <summary>The warm-start seed (matrix.seeds), or null for the pipeline seed.</summary>
    public int? Seed { get; init; }

    /// <summary>The steering mask threshold (matrix.steering_alpha) of a steered cell, or null for steering.alpha.</summary>
    public double? Alpha { get; init; }

    /// <summary>How a steered cell gets μ̄ (matrix.strength), or null for the strength settings.</summary>
    public StrengthChoice? Strength { get; init; }

    public string Id
    {
        get
        {
            var id = Steering == SteeringSwitch.On ? $"{PeftName}+svdecode" : PeftName;
            var axes = new List<string>();
            if (Alpha is { } alpha) axes.Add($"alpha={alpha.ToString("R", CultureInfo.InvariantCulture)}");
            if (Strength is { } strength) axes.Add($"mu={strength}");
            if (Seed is { } seed) axes.Add($"seed={seed.ToString(CultureInfo.InvariantCulture)}");
            return axes.Count == 0 ? id : $"{id}[{string.Join(",", axes)}]";
        }
    }

    public string PeftName => SpecBinder.SnakeCase(Peft.ToString());

    /// <summary>The PEFT method, or null for the pre-trained model (peft: none).</summary>
    public PeftMethod? Method => Peft.Method();

    /// <summary>The cell this one's steering is measured against: the same adapter (method and seed) without steering.</summary>
    public MatrixCell Unsteered() => new(Peft, SteeringSwitch.Off) { Seed = Seed };

    /// <summary>The warm-start seed: the cell's, else the pipeline's.</summary>
    public int SeedOf(PipelineSpec spec) => Seed ?? spec.Seed;

    /// <summary>The steering settings of the cell: the pipeline's, with a swept alpha.</summary>
    public SteeringSettings SteeringOf(PipelineSpec spec) => Alpha is { } alpha ? spec.Steering with { Alpha = alpha } : spec.Steering;

    /// <summary>The strength settings of the cell: the pipeline's, with a swept aggregate or fixed μ.</summary>
    public StrengthSettings StrengthOf(PipelineSpec spec) => Strength?.Apply(spec.Strength) ?? spec.Strength;

    /// <summary>
    /// The cells of a pipeline, in a stable order: PEFT methods as listed; per method seeds, then steering, then
    /// α, then strength, as listed. Off cells take no α or strength (they do not steer); peft: none is one
    /// unsteered cell (no adapter to seed or steer), as is an existing adapter per seed (warmstart.adapter: nothing
    /// is trained, so seeds do not apply).
    /// </summary>
    public static IReadOnlyList<MatrixCell> Expand(PipelineSpec spec)
    {
        var matrix = spec.Matrix;
        var cells = new List<MatrixCell>();
        foreach (var peft in matrix.Peft)
        {
            var trained = peft != MatrixPeft.None && spec.Warmstart.AdapterFor(peft.Method()!.Value) is null;
            IReadOnlyList<int?> seeds = trained && matrix.Seeds is { } listed ? [.. listed.Select(s => (int?)s)] : [null];
            foreach (var seed in seeds)
            {
                foreach (var steering in peft == MatrixPeft.None ? [SteeringSwitch.Off] : matrix.Steering)
                {
                    var cell = new MatrixCell(peft, steering) { Seed = seed };
                    if (steering == SteeringSwitch.Off)
                    {
                        cells.Add(cell);
                        continue;
                    }
                    foreach (var alpha in matrix.SteeringAlpha?.Select(a => (double?)a) ?? [null])
                    {
                        foreach (var strength in matrix.Strength?.Select(s => (StrengthChoice?)s) ?? [null])
                        {
                            cells.Add(cell with { Alpha = alpha, Strength = strength });
                        }
                    }
                }
            }
        }
        return cells;
    }

    /// <summary>Reads an <see cref="Id"/> back (results carry ids, `merge` pairs cells from them); null if it is not one.</summary>
    public static MatrixCell? Parse(string id)
    {
        var open = id.IndexOf('[', StringComparison.Ordinal);
        var head = open < 0 ? id : id[..open];
        var steering = head.EndsWith("+svdecode", StringComparison.Ordinal) ? SteeringSwitch.On : SteeringSwitch.Off;
        var name = steering == SteeringSwitch.On ? head[..^"+svdecode".Length] : head;
        if (!Enum.GetValues<MatrixPeft>().Any(p => SpecBinder.SnakeCase(p.ToString()) == name))
        {
            return null;
        }
        var cell = new MatrixCell(Enum.GetValues<MatrixPeft>().First(p => SpecBinder.SnakeCase(p.ToString()) == name), steering);
        if (open < 0)
        {
            return cell;
        }
        if (!id.EndsWith(']'))
        {
            return null;
        }
        foreach (var part in id[(open + 1)..^1].Split(','))
        {
            var (key, value) = part.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (part[..eq], part[(eq + 1)..]) : ("", "");
            cell = key switch
            {
                "alpha" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) => cell with { Alpha = a },
                "mu" when StrengthChoice.TryParse(value) is { } s => cell with { Strength = s },
                "seed" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed) => cell with { Seed = seed },
                _ => null,
            };
            if (cell is null)
            {
                return null;
            }
        }
        return cell;
    }
}

/// <summary>The unit of work stages run on: one cell on one benchmark.</summary>
public sealed record WorkUnit(MatrixCell Cell, BenchmarkSpec Benchmark)
{
    public override string ToString() => $"{Cell.Id} / {Benchmark.Id}";
}
