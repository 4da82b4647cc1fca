using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using SvDecode.Eval.Platform;

namespace SvDecode.Eval.Data;

/// <summary>
/// A data file read whole, checked (exists, non-empty, valid UTF-8) and digested. The BOM is dropped from <see cref="Text"/>;
/// <see cref="Bytes"/> keeps it so JSON readers see the same offsets as line counting.
/// </summary>
public sealed class DataFile
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly System.Buffers.SearchValues<byte> Whitespace = System.Buffers.SearchValues.Create(" \n\r\t"u8);

    private DataFile(string path, byte[] bytes, string text, FileDigest digest)
    {
        Path = path;
        Bytes = bytes;
        Text = text;
        Digest = digest;
    }

    public string Path { get; }

    /// <summary>The file's bytes without a leading UTF-8 BOM.</summary>
    public byte[] Bytes { get; }

    public string Text { get; }

    public FileDigest Digest { get; }

    /// <summary>The largest data file read (whole, then split into items): every benchmark here is well under 100 MB.</summary>
    public const long MaxBytes = 1L << 30;

    public static DataFile Read(string path, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        if (Directory.Exists(path))
        {
            throw new InputException($"{path}: expected a file, found a folder.");
        }
        InputPath.RequireReadableFile(path, "data file", notFound: $"{path}: file not found.");
        var size = new FileInfo(path).Length;
        if (size > MaxBytes)
        {
            throw new InputException($"{path}: the file is {size:N0} bytes; a benchmark data file is read whole and may be at most {MaxBytes:N0} bytes (1 GiB; split it).");
        }
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new InputException($"{path}: cannot read the file ({e.Message}).", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException($"{path}: cannot read the file ({e.Message}).", e);
        }
        var digest = new FileDigest(System.IO.Path.GetFullPath(path), Convert.ToHexStringLower(SHA256.HashData(raw)), raw.LongLength);
        var body = raw.AsSpan().StartsWith(Utf8Bom) ? raw[Utf8Bom.Length..] : raw;
        if (body.Length == 0 || body.AsSpan().IndexOfAnyExcept(Whitespace) < 0)
        {
            throw new InputException($"{path}: the file is empty.");
        }
        if (!Utf8.IsValid(body))
        {
            throw new InputException($"{path}:{LineOfFirstInvalidByte(body)}: the file is not valid UTF-8.");
        }
        return new DataFile(path, body, Encoding.UTF8.GetString(body), digest);
    }

    /// <summary>1-based line number of a byte offset into <see cref="Bytes"/>.</summary>
    public int LineAt(long offset) => 1 + Bytes.AsSpan(0, (int)Math.Min(offset, Bytes.Length)).Count((byte)'\n');

    private static int LineOfFirstInvalidByte(byte[] body)
    {
        // Binary search the longest valid prefix is wrong for UTF-8 (a cut can split a sequence); walk lines instead.
        var line = 1;
        var start = 0;
        for (var i = 0; i <= body.Length; i++)
        {
            if (i == body.Length || body[i] == (byte)'\n')
            {
                if (!Utf8.IsValid(body.AsSpan(start, i - start)))
                {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return line;
    }
}
