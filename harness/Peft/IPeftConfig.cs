using System.Text.Json.Nodes;

namespace SvDecode.Eval.Peft;

/// <summary>A method's adapter_config.json content (PEFT's field names), typed per method.</summary>
public interface IPeftConfig
{
    PeftMethod Method { get; }

    /// <summary>The JSON object PEFT writes for this configuration (all fields PEFT's loader expects).</summary>
    JsonObject ToJson();
}
