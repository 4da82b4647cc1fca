using System.Net.Sockets;
using SvDecode.Eval.Platform;
using SvDecode.Eval.Tests.Reliability;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Platform;

/// <summary>
/// Paths where a file is expected but something else is: refused at once with the path named, never opened (a FIFO
/// would make a read wait for a writer forever). Each check runs under a deadline so a regression fails, not hangs.
/// </summary>
public sealed class InputPathTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Refusal(string path)
    {
        var check = Task.Run(() => Record.Exception(() => InputPath.RequireReadableFile(path, "data file")));
        Assert.True(check.Wait(TimeSpan.FromSeconds(5)), $"checking {path} did not return within 5 s");
        var error = Assert.IsType<InputException>(check.Result);
        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
        return error.Message;
    }

    [Fact]
    public void ARegularReadableFilePasses()
    {
        var path = _dir.File("d.jsonl", "{}\n");
        InputPath.RequireReadableFile(path, "data file");
    }

    [Fact]
    public void AFifoIsRefusedWithoutBeingOpened()
    {
        var path = _dir.File("d.jsonl", "");
        BadFiles.MakeFifo(path);
        Assert.Contains("is a FIFO (named pipe)", Refusal(path), StringComparison.Ordinal);
    }

    [Fact]
    public void ADeviceIsRefused() => Assert.Contains("is a device", Refusal("/dev/null"), StringComparison.Ordinal);

    [Fact]
    public void ASocketIsRefused()
    {
        var path = _dir.Combine("s.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        Assert.Contains("is a socket", Refusal(path), StringComparison.Ordinal);
    }

    [Fact]
    public void ASymbolicLinkLoopIsNamed()
    {
        var path = _dir.File("d.jsonl", "");
        BadFiles.MakeLinkLoop(path);
        Assert.Contains("is a symbolic-link loop", Refusal(path), StringComparison.Ordinal);
    }

    [Fact]
    public void ADanglingLinkIsNamedWithItsTarget()
    {
        var path = _dir.Combine("d.jsonl");
        File.CreateSymbolicLink(path, _dir.Combine("gone.jsonl"));
        Assert.Contains("gone.jsonl, which does not exist", Refusal(path), StringComparison.Ordinal);
    }

    [Fact]
    public void ADirectoryIsRefused() => Assert.Contains("is a directory", Refusal(_dir.Path), StringComparison.Ordinal);

    [Fact]
    public void AMissingFileGetsTheReadersOwnMessage()
    {
        var path = _dir.Combine("missing.jsonl");
        var error = Assert.Throws<InputException>(() => InputPath.RequireReadableFile(path, "data file", notFound: "custom: not here"));
        Assert.Equal("custom: not here", error.Message);
    }

    [Fact]
    public void AnOutputFolderThatIsAFileOrUnderAFileOrOnAReadOnlyFileSystemIsRefused()
    {
        var file = _dir.File("taken", "x");
        Assert.Contains("is a file", Assert.Throws<InputException>(() => OutputFolder.Prepare(file, "--output")).Message, StringComparison.Ordinal);
        Assert.Contains($"{file} is a file, not a folder", Assert.Throws<InputException>(() => OutputFolder.Prepare(Path.Combine(file, "run"), "--output")).Message, StringComparison.Ordinal);
        // /proc is read-only even for root: nothing can be created there.
        Assert.Contains("cannot write --output here", Assert.Throws<InputException>(() => OutputFolder.Prepare("/proc/svdecode-run", "--output")).Message, StringComparison.Ordinal);
        OutputFolder.Prepare(_dir.Combine("fresh", "run"), "--output");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Combine("fresh", "run"))); // the write check leaves nothing behind
    }
}
