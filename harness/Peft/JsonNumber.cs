using System.Text.Json.Nodes;

namespace SvDecode.Eval.Peft;

/// <summary>Integral values as JSON integers (PEFT writes lora_alpha 16, not 16.0).</summary>
internal static class JsonNumber
{
    public static JsonNode Of(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? JsonValue.Create((long)value) : JsonValue.Create(value);
}
