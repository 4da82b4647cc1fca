namespace SvDecode.Eval.Results;

/// <summary>An input file of the run, for the manifest.</summary>
public sealed record InputFile(string Role, string Path, long Bytes, string Sha256);
