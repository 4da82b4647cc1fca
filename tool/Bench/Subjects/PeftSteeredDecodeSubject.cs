using SvDecode.Eval.Decoding;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Tool.Bench.Subjects;

/// <summary>
/// Steered greedy decode of a fresh adapter of one PEFT method on the bench model, its pair run one way
/// (<see cref="PairForward"/>), against the same adapter decoding without steering: "lora" and "lora_lock_step" side
/// by side show what sharing the weight reads buys.
/// </summary>
public sealed class PeftSteeredDecodeSubject(PeftMethod method, PairForward forward) : ISteeredDecodeSubject
{
    public string Name => SpecBinder.SnakeCase(method.ToString()) + (forward == PairForward.Batched ? "" : "_lock_step");

    public SteeredDecodeSetup Create(BenchModelContext context)
    {
        var config = new WarmStartSettings().ConfigFor(method, context.Model.Config, context.ModelDirectory);
        var adapter = PeftAdapters.Create(context.Model, config, seed: context.Suite.Seed);
        var steered = new SteeredSessionFactory(() => adapter.OpenPair(forward), context.Model.Config.VocabSize, mu: 1.0, SteeringOptions.ForGeneration);
        return new SteeredDecodeSetup(adapter.AdaptedSessions, steered, owner: adapter);
    }
}
