using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tool.Bench.Subjects;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>The speed bench's subjects: the tool's `bench` registers them; a host embedding the harness has none.</summary>
public static class BenchServiceCollectionExtensions
{
    public static IServiceCollection AddSpeedBench(this IServiceCollection services)
    {
        AddSteeredDecodeSubjects(services);
        AddWarmStartSubjects(services);
        return services;
    }

    /// <summary>What `bench` times as steered decode: LoRA, IA3 and prompt tuning batched, and LoRA and prompt tuning
    /// lock-step (issue 10's pair) for comparison.</summary>
    private static void AddSteeredDecodeSubjects(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ISteeredDecodeSubject)))
        {
            return; // registered already (AddSpeedBench called twice) or replaced by the host
        }
        services.AddSingleton<ISteeredDecodeSubject>(new PeftSteeredDecodeSubject(PeftMethod.Lora, PairForward.Batched));
        services.AddSingleton<ISteeredDecodeSubject>(new PeftSteeredDecodeSubject(PeftMethod.Lora, PairForward.LockStep));
        services.AddSingleton<ISteeredDecodeSubject>(new PeftSteeredDecodeSubject(PeftMethod.Ia3, PairForward.Batched));
        services.AddSingleton<ISteeredDecodeSubject>(new PeftSteeredDecodeSubject(PeftMethod.PromptTuning, PairForward.Batched));
        services.AddSingleton<ISteeredDecodeSubject>(new PeftSteeredDecodeSubject(PeftMethod.PromptTuning, PairForward.LockStep));
    }

    /// <summary>What `bench` times as warm-start training: one subject per PEFT method.</summary>
    private static void AddWarmStartSubjects(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IWarmStartSubject)))
        {
            return;
        }
        foreach (var method in Enum.GetValues<PeftMethod>())
        {
            services.AddSingleton<IWarmStartSubject>(new PeftWarmStartSubject(method));
        }
    }
}
