using System.Globalization;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Pipeline;

/// <summary>
/// One combination of the matrix axes, e.g. LoRA with SVDecode ("lora+svdecode") or with contrastive decoding
/// ("lora+contrastive"; the plain adapter is "lora"). The sweep axes are set only when
/// the matrix lists them (null: the pipeline's own setting), and then appear in the id:
/// "lora+svdecode[alpha=0.2,epochs=0.25,mask=hard,mu=median,seed=2]" (the settings in alphabetical order). The id is
/// the cell's canonical form: <see cref="Parse"/> reads it back.
/// </summary>
public sealed record MatrixCell(MatrixPeft Peft, MatrixDecoding Decoding)
{
    /// <summary>A cell in the older spelling: off, or on (SVDecode).</summary>
    public MatrixCell(MatrixPeft peft, SteeringSwitch steering)
        : this(peft, steering.ToDecoding())
    {
    }

    /// <summary>On for every decoding method other than the plain adapter (off).</summary>
    public SteeringSwitch Steering => Decoding == MatrixDecoding.Off ? SteeringSwitch.Off : SteeringSwitch.On;

    /// <summary>The warm-start seed (matrix.seeds), or null for the pipeline seed.</summary>
    public int? Seed { get; init; }

    /// <summary>The warm-start budget in epochs (matrix.warmstart_epochs), or null for warmstart.epochs.</summary>
    public double? Epochs { get; init; }

    /// <summary>The scoring mask mode (matrix.scoring_mask) of an SVDecode or extrapolation cell, or null for
    /// steering.scoring_mask.</summary>
    public MaskMode? Mask { get; init; }

    /// <summary>The confidence-mask threshold (matrix.steering_alpha) of a cell with a decoding method, or null for
    /// steering.alpha.</summary>
    public double? Alpha { get; init; }

    /// <summary>How an SVDecode cell gets μ̄ (matrix.strength), or null for the strength settings.</summary>
    public StrengthChoice? Strength { get; init; }

    public string Id
    {
        get
        {
            var id = Decoding == MatrixDecoding.Off ? PeftName : $"{PeftName}+{Decoding.Name()}";
            var axes = new List<string>();
            if (Alpha is { } alpha) axes.Add($"alpha={alpha.ToString("R", CultureInfo.InvariantCulture)}");
            if (Epochs is { } epochs) axes.Add($"epochs={epochs.ToString("R", CultureInfo.InvariantCulture)}");
            if (Mask is { } mask) axes.Add($"mask={MaskModes.ToName(mask)}");
            if (Strength is { } strength) axes.Add($"mu={strength}");
            if (Seed is { } seed) axes.Add($"seed={seed.ToString(CultureInfo.InvariantCulture)}");
            return axes.Count == 0 ? id : $"{id}[{string.Join(",", axes)}]";
        }
    }

    public string PeftName => SpecBinder.SnakeCase(Peft.ToString());

    /// <summary>The PEFT method, or null for the pre-trained model (peft: none).</summary>
    public PeftMethod? Method => Peft.Method();

    /// <summary>The cell this one's decoding method is measured against: the same adapter (method, budget and seed), plain.</summary>
    public MatrixCell Unsteered() => new(Peft, MatrixDecoding.Off) { Seed = Seed, Epochs = Epochs };

    /// <summary>The warm-start seed: the cell's, else the pipeline's.</summary>
    public int SeedOf(PipelineSpec spec) => Seed ?? spec.Seed;

    /// <summary>The warm-start settings of the cell: the pipeline's, with a swept budget in epochs.</summary>
    public WarmStartSettings WarmstartOf(PipelineSpec spec) => Epochs is { } epochs ? spec.Warmstart with { Epochs = epochs } : spec.Warmstart;

    /// <summary>The steering settings of the cell: the pipeline's, with a swept alpha and scoring mask.</summary>
    public SteeringSettings SteeringOf(PipelineSpec spec) => spec.Steering with
    {
        Alpha = Alpha ?? spec.Steering.Alpha,
        ScoringMask = Mask ?? spec.Steering.ScoringMask,
    };

    /// <summary>The strength settings of the cell: the pipeline's, with a swept aggregate or fixed μ.</summary>
    public StrengthSettings StrengthOf(PipelineSpec spec) => Strength?.Apply(spec.Strength) ?? spec.Strength;

    /// <summary>
    /// The cells of a pipeline, in a stable order: PEFT methods as listed; per method warm-start budgets, then seeds,
    /// then steering, then α, then scoring mask, then strength, as listed. Off cells take no α, mask or strength
    /// (they do not steer); contrastive decoding takes no mask (it always masks hard) and only SVDecode a strength;
    /// peft: none is one unsteered cell (no adapter to train, seed or steer), as is an existing adapter per seed
    /// (warmstart.adapter: nothing is trained, so budgets and seeds do not apply).
    /// </summary>
    public static IReadOnlyList<MatrixCell> Expand(PipelineSpec spec)
    {
        var matrix = spec.Matrix;
        var cells = new List<MatrixCell>();
        foreach (var peft in matrix.Peft)
        {
            var trained = peft != MatrixPeft.None && spec.Warmstart.AdapterFor(peft.Method()!.Value) is null;
            IReadOnlyList<int?> seeds = trained && matrix.Seeds is { } listed ? [.. listed.Select(s => (int?)s)] : [null];
            IReadOnlyList<double?> budgets = trained && matrix.WarmstartEpochs is { } epochs ? [.. epochs.Select(e => (double?)e)] : [null];
            foreach (var (budget, seed) in budgets.SelectMany(b => seeds.Select(s => (b, s))))
            {
                foreach (var decoding in peft == MatrixPeft.None ? [MatrixDecoding.Off] : matrix.Methods)
                {
                    var cell = new MatrixCell(peft, decoding) { Seed = seed, Epochs = budget };
                    if (decoding == MatrixDecoding.Off)
                    {
                        cells.Add(cell);
                        continue;
                    }
                    var masks = decoding == MatrixDecoding.Contrastive ? null : matrix.ScoringMask?.Select(m => (MaskMode?)m);
                    var strengths = decoding == MatrixDecoding.SvDecode ? matrix.Strength?.Select(s => (StrengthChoice?)s) : null;
                    foreach (var alpha in matrix.SteeringAlpha?.Select(a => (double?)a) ?? [null])
                    {
                        foreach (var mask in masks ?? [null])
                        {
                            foreach (var strength in strengths ?? [null])
                            {
                                cells.Add(cell with { Alpha = alpha, Mask = mask, Strength = strength });
                            }
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
        var plus = head.IndexOf('+', StringComparison.Ordinal);
        var name = plus < 0 ? head : head[..plus];
        var decoding = plus < 0 ? MatrixDecoding.Off : Enum.GetValues<MatrixDecoding>().FirstOrDefault(d => d != MatrixDecoding.Off && d.Name() == head[(plus + 1)..]);
        if (!Enum.GetValues<MatrixPeft>().Any(p => SpecBinder.SnakeCase(p.ToString()) == name) || (plus >= 0 && decoding == MatrixDecoding.Off))
        {
            return null;
        }
        var cell = new MatrixCell(Enum.GetValues<MatrixPeft>().First(p => SpecBinder.SnakeCase(p.ToString()) == name), decoding);
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
                "epochs" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) => cell with { Epochs = e },
                "mask" when MaskModes.Names.Contains(value) => cell with { Mask = MaskModes.Parse(value) },
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
