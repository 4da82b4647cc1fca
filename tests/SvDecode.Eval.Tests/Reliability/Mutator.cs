namespace SvDecode.Eval.Tests.Reliability;

/// <summary>
/// Seeded mutations of a valid input, the kind a truncated download, a bad editor or a hostile file produce:
/// bit flips, byte insertions and deletions, truncation, duplicated chunks, digits replaced by huge numbers — and
/// structure a hostile file inflates: a span wrapped in hundreds of brackets or mappings (nesting), a span repeated
/// hundreds of times (repetition), and a run of thousands of openers or one very long line (inflation).
/// </summary>
public sealed class Mutator(int seed)
{
    private static readonly byte[][] Interesting =
        [[0xFF], [0x00], [0x7F], [0x80], [0xC3], [0xE2, 0x82], "\""u8.ToArray(), "{"u8.ToArray(), "]"u8.ToArray(), "\n"u8.ToArray(),
         "99999999999999999999"u8.ToArray(), "-1"u8.ToArray(), "1e308"u8.ToArray(), "NaN"u8.ToArray(), ": "u8.ToArray(), "\t"u8.ToArray()];

    private readonly Random _random = new(seed);

    public byte[] Mutate(byte[] input)
    {
        var bytes = new List<byte>(input);
        var edits = 1 + _random.Next(4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = _random.Next(bytes.Count);
            switch (_random.Next(9))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1:
                    bytes.InsertRange(at, Interesting[_random.Next(Interesting.Length)]);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + _random.Next(16)));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    var length = Math.Min(bytes.Count - at, 1 + _random.Next(64));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 5:
                    Nest(bytes, at);
                    break;
                case 6:
                    var span = bytes.GetRange(at, Math.Min(bytes.Count - at, 1 + _random.Next(32)));
                    var times = 50 + _random.Next(500);
                    for (var k = 0; k < times; k++)
                    {
                        bytes.InsertRange(at, span);
                    }
                    break;
                case 7:
                    var run = (byte)"[{-: a"[_random.Next(6)];
                    bytes.InsertRange(at, Enumerable.Repeat(run, 1_000 + _random.Next(20_000)));
                    break;
                default:
                    var digit = bytes.FindIndex(at, b => b is >= (byte)'0' and <= (byte)'9');
                    if (digit >= 0)
                    {
                        bytes.InsertRange(digit, "9999999999"u8.ToArray());
                    }
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Wraps the span at <paramref name="at"/> in 65–600 levels of JSON/YAML flow brackets or mappings.</summary>
    private void Nest(List<byte> bytes, int at)
    {
        var end = Math.Min(bytes.Count, at + 1 + _random.Next(16));
        var depth = 65 + _random.Next(536);
        var (open, close) = _random.Next(3) switch
        {
            0 => ("["u8.ToArray(), "]"u8.ToArray()),
            1 => ("{\"a\": "u8.ToArray(), "}"u8.ToArray()),
            _ => ("{a: "u8.ToArray(), "}"u8.ToArray()),
        };
        for (var k = 0; k < depth; k++)
        {
            bytes.InsertRange(end, close);
            bytes.InsertRange(at, open);
            end += open.Length;
        }
    }
}
