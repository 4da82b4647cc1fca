using SvDecode.Eval.Models;
using SvDecode.Eval.Models.Layers;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Tests.Models;
using Xunit;
using Xunit.Abstractions;

namespace SvDecode.Eval.Tests.Peft;

/// <summary>
/// Trainable parameters of the paper's four warm-start configurations (method.md §5, the pipeline defaults) for
/// Qwen2.5-1.5B shapes, built on the meta device (nothing allocated). LoRA r=8 on q,k,v,o is checked against the
/// 2,179,072 Python PEFT reports; the others by hand: IA3 28·(1536+256+256+1536 outputs + 1536+8960 inputs),
/// prompt 20·1536, prefix 20·28·2·(2·128), prefix with the MLP 20·256 + (256·128+128) + (128·14336+14336).
/// </summary>
public sealed class TrainableParameterCountTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(PeftMethod.Lora, false, 2_179_072)]
    [InlineData(PeftMethod.Ia3, false, 394_240)]
    [InlineData(PeftMethod.PromptTuning, false, 30_720)]
    [InlineData(PeftMethod.PrefixTuning, false, 286_720)]
    [InlineData(PeftMethod.PrefixTuning, true, 1_887_360)]
    public void Qwen25_1_5BCountsOnTheMetaDevice(PeftMethod method, bool prefixProjection, long expected)
    {
        using var model = CausalLanguageModelFactory.Create(ModelConfigParser.Parse(ModelShapeTests.Qwen25_1_5B), ParameterFactory.Meta());
        var settings = new WarmStartSettings { PrefixTuning = new PrefixTuningSettings { Projection = prefixProjection } };
        using var adapter = PeftAdapters.Create(model, settings.ConfigFor(method, model.Config, "Qwen2.5-1.5B"), seed: 0);

        var count = adapter.TrainableParameters.Sum(p => p.numel());

        output.WriteLine($"{method}{(prefixProjection ? " (projection, hidden 128)" : "")}: {count:N0} trainable parameters ({100.0 * count / 1_543_714_304:F3}% of 1,543,714,304)");
        Assert.Equal(expected, count);
    }
}
