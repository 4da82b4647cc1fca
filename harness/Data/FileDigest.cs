namespace SvDecode.Eval.Data;

/// <summary>A data file that was read, with its SHA-256 (lower-case hex) and size, for the results manifest.</summary>
public sealed record FileDigest(string Path, string Sha256, long Bytes);
