namespace SvDecode.Eval.Peft.PromptTuning;

/// <summary>How a prompt-tuning table starts: random, or the embeddings of a text's tokens (PEFT's RANDOM and TEXT).</summary>
public enum PromptInit
{
    Random,
    Text,
}
