using System.Text.Json;
using System.Text.Json.Serialization;
using SvDecode.Eval.Tests.Support;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>The model-free parts of ../shared/fixtures/expected/svdecode-*.json (see fixtures/README.md).</summary>
public sealed class SvDecodeFixture
{
    public static readonly string[] Names =
    [
        "svdecode-tiny-llama-lora", "svdecode-tiny-llama-ia3", "svdecode-tiny-llama-prompt", "svdecode-tiny-llama-prefix",
        "svdecode-tiny-gpt2-lora", "svdecode-tiny-gpt2-ia3", "svdecode-tiny-gpt2-prompt", "svdecode-tiny-gpt2-prefix",
    ];

    public static IEnumerable<object[]> AllNames => Names.Select(n => new object[] { n });

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static SvDecodeFixture Load(string name) =>
        JsonSerializer.Deserialize<SvDecodeFixture>(File.ReadAllText(SharedFiles.Fixture("expected", name + ".json")), JsonOptions)
        ?? throw new InvalidOperationException(name + " is JSON null");

    public double Alpha { get; init; }
    public double Eps { get; init; }
    public double MuBarUsed { get; init; }
    public CalibrationData Calibration { get; init; } = new();
    public List<ContextData> Contexts { get; init; } = [];

    [JsonPropertyName("truthfulqa_mc")]
    public TruthfulQaData TruthfulQaMc { get; init; } = new();

    public sealed class CalibrationData
    {
        public List<CalibrationItem> Items { get; init; } = [];
        public MuBarData MuBar { get; init; } = new();
    }

    public sealed class CalibrationItem
    {
        public double[] Mu { get; init; } = [];
        public double[] Num { get; init; } = [];
        public double[] Den { get; init; } = [];
        public int[] NKeep { get; init; } = [];
    }

    public sealed class MuBarData
    {
        public double Mean { get; init; }
        public double Median { get; init; }
        public double RatioOfSums { get; init; }
        public int NTokens { get; init; }
        public double FracNegative { get; init; }
    }

    public sealed class ContextData
    {
        public float[] ZTheta { get; init; } = [];
        public float[] ZPhi { get; init; } = [];
        public double Kl { get; init; }
        public double[] Delta { get; init; } = [];
        public int[] Keep { get; init; } = [];
        public int NKeep { get; init; }
        public double[] SteeredSoft { get; init; } = [];
        public int ArgmaxHard { get; init; }
        public double DeltaSum { get; init; }
    }

    public sealed class TruthfulQaData
    {
        public List<QuestionData> Questions { get; init; } = [];
        public Dictionary<string, ResultData> Results { get; init; } = [];
    }

    public sealed class QuestionData
    {
        public TargetsData Mc1Targets { get; init; } = new();
        public TargetsData Mc2Targets { get; init; } = new();
    }

    public sealed class TargetsData
    {
        public int[] Labels { get; init; } = [];
    }

    public sealed class ResultData
    {
        public List<QuestionResult> PerQuestion { get; init; } = [];
        public McValues Average { get; init; } = new();
    }

    public sealed class QuestionResult
    {
        public double[] Mc1Scores { get; init; } = [];
        public double[] Mc2Scores { get; init; } = [];

        [JsonPropertyName("MC1")]
        public double Mc1 { get; init; }

        [JsonPropertyName("MC2")]
        public double Mc2 { get; init; }

        [JsonPropertyName("MC3")]
        public double Mc3 { get; init; }
    }

    public sealed class McValues
    {
        [JsonPropertyName("MC1")]
        public double Mc1 { get; init; }

        [JsonPropertyName("MC2")]
        public double Mc2 { get; init; }

        [JsonPropertyName("MC3")]
        public double Mc3 { get; init; }
    }
}
