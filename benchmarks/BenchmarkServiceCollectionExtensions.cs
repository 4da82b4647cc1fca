using Microsoft.Extensions.DependencyInjection;

namespace SvDecode.Eval.Benchmarks;

// Placeholder replaced by the benchmarks branch on merge.
public static class BenchmarkServiceCollectionExtensions
{
    public static IServiceCollection AddSvDecodeBenchmarks(this IServiceCollection services) => services;
}
