using CsCheck;
using Matchday.Core.Units;
using Matchday.Simulation.Runbooks;

namespace Matchday.Simulation.Tests.Runbooks;

public class RuleParserTests
{
    [Fact]
    public void Parses_the_seed_high_latency_rule()
    {
        var r = RuleParser.Parse("high-latency: latency_p95_seconds > 500ms for 1m then scale-origins 75, activate-secondary-cdn after 2m");
        Assert.True(r.Ok, string.Join("; ", r.Errors));
        Assert.Equal(SeedRunbook.HighLatency.Name, r.Value!.Name);
        Assert.Equal(SeedRunbook.HighLatency.Condition, r.Value.Condition);
        Assert.Equal((SeedRunbook.HighLatency.For, SeedRunbook.HighLatency.ExecutionDelay), (r.Value.For, r.Value.ExecutionDelay));
        Assert.Equal(SeedRunbook.HighLatency.Actions.ToArray(), r.Value.Actions.ToArray());
    }

    [Fact]
    public void Parses_the_other_seed_rules()
    {
        var dropout = RuleParser.Parse("viewer-dropout: viewer_dropout_per_second > 1k/s for 30s then set-hpa-max encoding-hpa 150, cap-quality 720p, activate-all-cdns after 2m");
        Assert.True(dropout.Ok, string.Join("; ", dropout.Errors));
        Assert.Equal(SeedRunbook.ViewerDropout, dropout.Value! with { Actions = SeedRunbook.ViewerDropout.Actions });
        Assert.Equal(SeedRunbook.ViewerDropout.Actions.ToArray(), dropout.Value.Actions.ToArray());

        var region = RuleParser.Parse("region-failure: regions_failed>0 for 30s then fail-over us-east to eu-west, scale-origins 40 region=eu-west, promote-replica eu-west after 30s");
        Assert.True(region.Ok, string.Join("; ", region.Errors));
        Assert.Equal(SeedRunbook.RegionFailure.Actions.ToArray(), region.Value!.Actions.ToArray());
        Assert.Equal(SeedRunbook.RegionFailure.Condition, region.Value.Condition);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("2s", 2.0)]
    [InlineData("90%", 0.9)]
    [InlineData("1000/s", 1000.0)]
    [InlineData("1.5k/s", 1500.0)]
    [InlineData("0.97", 0.97)]
    public void Thresholds_are_in_base_units(string text, double value) => Assert.Equal(value, RuleParser.ParseThreshold(text)!.Value, 12);

    [Fact]
    public void Defaults_are_no_hold_and_no_delay()
    {
        var r = RuleParser.Parse("hit: cdn_cache_hit_ratio < 90% then activate-all-cdns");
        Assert.True(r.Ok);
        Assert.Equal((Duration.Zero, Duration.Zero), (r.Value!.For, r.Value.ExecutionDelay));
        Assert.Equal(new RuleCondition(RunbookMetrics.CacheHitRatio, Comparison.Less, 0.9), r.Value.Condition);
    }

    [Fact]
    public void Reports_every_error_with_its_column()
    {
        // cols: lat: 1, latency_p99 6, >> 18, 5xx 21, for 25, 1q 29, then 32, scale-origin 37
        const string rule = "lat: latency_p99 >> 5xx for 1q then scale-origin 75";
        var r = RuleParser.Parse(rule);
        Assert.False(r.Ok);
        Assert.Equal([6, 18, 21, 29, 37], r.Errors.Select(e => e.Column));
        Assert.Contains("unknown metric 'latency_p99'", r.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("did you mean", r.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("'>>': expected a comparison: >, >=, <, <=, == or !=", r.Errors[1].Message);
        Assert.StartsWith("'5xx': expected a threshold", r.Errors[2].Message, StringComparison.Ordinal);
        Assert.StartsWith("'1q': expected a duration after 'for'", r.Errors[3].Message, StringComparison.Ordinal);
        Assert.StartsWith("unknown action 'scale-origin'", r.Errors[4].Message, StringComparison.Ordinal);
        Assert.EndsWith("(did you mean 'scale-origins'?)", r.Errors[4].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1, "empty rule")]
    [InlineData("lat latency_p95_seconds > 1s then activate-all-cdns", 5, "'latency_p95_seconds': expected ':'")]
    [InlineData("lat: latency_p95_seconds > 1s", 30, "the rule ends here: expected 'then'")]
    [InlineData("lat: latency_p95_seconds > 1s then", 35, "the rule ends here: expected an action")]
    [InlineData("lat: latency_p95_seconds > 1s then scale-origins many", 50, "'many': expected a positive whole number")]
    [InlineData("lat: latency_p95_seconds > 1s then fail-over a b c", 48, "'b': expected 'to'")]
    [InlineData("lat: latency_p95_seconds > 1s then activate-all-cdns now", 54, "activate-all-cdns takes no arguments")]
    [InlineData("lat: latency_p95_seconds > 1s then activate-all-cdns after soon", 60, "'soon': expected a duration after 'after'")]
    public void Locates_single_errors(string rule, int column, string message)
    {
        var e = Assert.Single(RuleParser.Parse(rule).Errors);
        Assert.Equal(column, e.Column);
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_throws() =>
        Gen.OneOfConst("lat:", "x", ":", "latency_p95_seconds", ">", ">=", "500ms", "for", "1m", "then", "scale-origins", "75", ",",
                "fail-over", "to", "after", "2m", "region=eu", "cap-quality", "=", "!", "")
            .Array[0, 14]
            .Sample(words =>
            {
                var text = string.Join(' ', words);
                var r = RuleParser.Parse(text);
                return r.Ok || r.Errors.All(e => e.Column >= 1 && e.Column <= text.Length + 1);
            }, iter: 3000);
}
