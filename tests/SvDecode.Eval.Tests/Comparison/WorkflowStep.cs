namespace SvDecode.Eval.Tests.Comparison;

/// <summary>
/// One shell step of a CI file: its script, and the values each variable it may use can take (a GitHub step's env,
/// an Azure file's variables; a conditional one has several).
/// </summary>
public sealed record WorkflowStep(string Script, IReadOnlyDictionary<string, IReadOnlyList<string>> Variables);
