namespace SvDecode.Eval.Data;

/// <summary>How the k few-shot examples of an item are drawn from the train split (lm-evaluation-harness's samplers).</summary>
public enum FewShotSampling
{
    /// <summary>k examples drawn for each item, seeded by the seed and the item's id (lm-evaluation-harness "default").</summary>
    Random,

    /// <summary>The first k train items in the data's order, the same for every item (lm-evaluation-harness "first_n").</summary>
    FirstN,
}
