using SvDecode.Eval.Tool.Bench;
using Xunit;

namespace SvDecode.Eval.Tests.Performance;

public sealed class PyTorchPeerTests
{
    [Fact]
    public void RatiosDivideMatchingRatesOnly()
    {
        BenchFigure[] ours =
        [
            new("m.prefill.1x512.tokens_per_s", 300, "tokens/s"),
            new("m.decode.batch1.tokens_per_s", 50, "tokens/s"),
            new("m.decode.batch1.bandwidth_limit_tokens_per_s", 80, "tokens/s"), // a bound, not a measurement: no ratio
            new("m.scoring.shared_context.requests_per_s", 12, "requests/s"),
            new("m.prefill.peak_rss", 500, "MiB"),                               // not a rate: no ratio
            new("m.only_ours.tokens_per_s", 1, "tokens/s"),                      // the peer lacks it: no ratio
        ];
        BenchFigure[] peer =
        [
            new("pytorch.m.prefill.1x512.tokens_per_s", 200, "tokens/s"),
            new("pytorch.m.decode.batch1.tokens_per_s", 100, "tokens/s"),
            new("pytorch.m.decode.batch1.bandwidth_limit_tokens_per_s", 80, "tokens/s"),
            new("pytorch.m.scoring.shared_context.requests_per_s", 4, "requests/s"),
            new("pytorch.m.prefill.peak_rss", 400, "MiB"),
        ];

        var ratios = PyTorchPeer.Ratios(ours, peer).ToDictionary(f => f.Name, f => f.Value);

        Assert.Equal(3, ratios.Count);
        Assert.Equal(1.5, ratios["m.prefill.1x512.tokens_per_s.ratio_to_pytorch"]);
        Assert.Equal(0.5, ratios["m.decode.batch1.tokens_per_s.ratio_to_pytorch"]);
        Assert.Equal(3.0, ratios["m.scoring.shared_context.requests_per_s.ratio_to_pytorch"]);
    }

    [Fact]
    public void MissingScriptIsBadInputNamingTheOption()
    {
        var peer = new PyTorchPeer("/usr/bin/python3", "/nonexistent/bench.py", TextWriter.Null);
        var error = Assert.Throws<InputException>(() => peer.Run(BenchSuite.Smoke, [], CancellationToken.None));
        Assert.Contains("--peer-script", error.Message, StringComparison.Ordinal);
    }
}
