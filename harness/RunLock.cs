namespace SvDecode.Eval;

/// <summary>One run per output directory at a time: two runs writing the same artifacts would corrupt each other.</summary>
internal sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    public static RunLock Acquire(string outputDirectory)
    {
        var path = Path.Combine(outputDirectory, ".lock");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new RunLock(stream);
        }
        catch (IOException)
        {
            throw new InputException($"{outputDirectory} is in use by another svdecode-eval run (lock file {path})");
        }
    }

    public void Dispose() => _stream.Dispose();
}
