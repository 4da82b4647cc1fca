using System.Security.Cryptography;
using System.Text;
using SvDecode.Eval.Results;

namespace SvDecode.Eval.Sharding;

/// <summary>The digest of a run's input files recorded in a shard's manifest: SHA-256 over "role path sha256" lines, sorted.</summary>
public static class ShardInputs
{
    public static string Digest(IEnumerable<InputFile> inputs)
    {
        var lines = inputs.Select(i => $"{i.Role} {i.Path} {i.Sha256}").Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))));
    }
}
