namespace SvDecode.Eval.Tool.Starter;

/// <summary>What `init` wrote: the study folder's full path, the file count, how many of them replaced a file, and bytes.</summary>
internal sealed record StarterWriteResult(string Folder, int Files, int Overwritten, long Bytes);
