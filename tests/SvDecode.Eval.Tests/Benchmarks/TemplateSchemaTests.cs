using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Data;
using Xunit;

namespace SvDecode.Eval.Tests.Benchmarks;

public sealed class TemplateSchemaTests
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddSvDecodeBenchmarks().BuildServiceProvider();

    public static TheoryData<string> BenchmarkNames() => [.. Services.GetServices<IBenchmark>().Select(b => b.Name)];

    [Theory]
    [MemberData(nameof(BenchmarkNames))]
    public void Every_benchmarks_own_template_fits_what_it_renders(string name)
    {
        var benchmark = Services.GetServices<IBenchmark>().Single(b => b.Name == name);
        var templates = Services.GetRequiredService<IPromptTemplateSource>();
        var template = BenchmarkTemplates.Resolve(benchmark.TemplateSchema.DefaultTemplate, benchmark, p => p, templates, "template");
        Assert.Equal(benchmark.TemplateSchema.DefaultTemplate, template!.Info.Name);
    }

    [Fact]
    public void A_template_of_another_family_is_refused_when_its_fields_do_not_fit()
    {
        var mmlu = Services.GetServices<IBenchmark>().Single(b => b.Name == "mmlu");
        var templates = Services.GetRequiredService<IPromptTemplateSource>();
        var error = Assert.Throws<InputException>(() => BenchmarkTemplates.Resolve("jsonl-qa", mmlu, p => p, templates, "template"));
        Assert.Equal("templates/jsonl-qa.tmpl:13: field '{best_answer}' is not available in section 'target' of mmlu (available: {gold_label}, {gold_choice}).", error.Message);
        Assert.Contains("Did you mean 'jsonl-qa'?", Assert.Throws<InputException>(() => BenchmarkTemplates.Resolve("jsonl-q", mmlu, p => p, templates, "template")).Message, StringComparison.Ordinal);
    }
}
