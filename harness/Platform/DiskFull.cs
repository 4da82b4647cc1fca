namespace SvDecode.Eval.Platform;

/// <summary>Recognises "no space left on device" (ENOSPC) and "disk quota exceeded" (EDQUOT) in an IOException, so a
/// full disk gets a message that says what to do rather than a raw system error.</summary>
public static class DiskFull
{
    private const int NoSpace = 28;      // ENOSPC on Linux and macOS
    private const int QuotaLinux = 122;  // EDQUOT
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    public static bool Is(IOException ex) =>
        ex.HResult is NoSpace or QuotaLinux or WindowsDiskFull
        || ex.Message.Contains("No space left on device", StringComparison.Ordinal)
        || ex.Message.Contains("Disk quota exceeded", StringComparison.Ordinal);
}
