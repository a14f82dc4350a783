using CsCheck;
using Matchday.Core.Grammar;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Tests.Grammar;

public class RuleGrammarTests
{
    private static readonly Scenario Seed = Presets.Load();
    private static readonly ScenarioNames Names = ScenarioNames.Of(Seed);

    private static RunbookRule Parse(string text)
    {
        var r = RuleGrammar.ParseRule(text, Names);
        Assert.True(r.Ok, string.Join("; ", r.Errors));
        return r.Value!;
    }

    [Fact]
    public void Parses_the_seed_high_latency_rule_as_the_builtin_runbook_has_it()
    {
        var rule = Parse("high-latency: latency_p95 > 500 ms for 1 min then scale-origins 75, activate-secondary-cdn after 2 min");
        Assert.Equal(Seed.Runbook[0], rule);
        Assert.Equal(new RuleCondition(RunbookMetric.LatencyP95, Comparison.Greater, 0.5), rule.Condition);
        Assert.Equal((Duration.FromMinutes(1), Duration.FromMinutes(2)), (rule.For, rule.ExecutionDelay));
        Assert.Equal([new ScaleOrigins(75), new ActivateSecondaryCdn()], rule.Actions.ToArray());
    }

    [Fact]
    public void Every_builtin_rule_round_trips_through_its_one_line_form()
    {
        foreach (var rule in Seed.Runbook)
        {
            var line = rule.ToString();
            Assert.Equal(rule, Parse(line));
        }
        Assert.Equal("region-failure: regions_failed > 0 for 30 s then fail-over us-east to eu-west, scale-origins 40 eu-west, promote-replica eu-west after 30 s",
            Seed.Runbook[2].ToString());
    }

    [Theory]
    [InlineData("fail-over us-east eu-west")]
    [InlineData("fail-over us-east to eu-west")]
    public void Fail_over_reads_with_or_without_to(string action) =>
        Assert.Equal(new FailOverRegion("us-east", "eu-west"), RuleGrammar.ParseAction(action, Names).Value);

    [Theory]
    [InlineData("scale-origins 40 eu-west")]
    [InlineData("scale-origins 40 region=eu-west")]
    public void Scale_origins_takes_the_region_either_way(string action) =>
        Assert.Equal(new ScaleOrigins(40, "eu-west"), RuleGrammar.ParseAction(action, Names).Value);

    [Theory]
    [InlineData("500 ms", 0.5)]
    [InlineData("500ms", 0.5)]
    [InlineData("2s", 2.0)]
    [InlineData("1.5 min", 90.0)]
    public void Duration_thresholds_are_in_seconds(string text, double value) =>
        Assert.Equal(value, RuleGrammar.ParseCondition($"latency_p95 > {text}").Value!.Threshold, 12);

    [Theory]
    [InlineData("viewer_dropout > 1000/s", 1000.0)]
    [InlineData("viewer_dropout > 1.5k/s", 1500.0)]
    [InlineData("viewer_dropout_per_second > 60/min", 1.0)]
    [InlineData("cache_hit_ratio < 90%", 0.9)]
    [InlineData("cdn_cache_hit_ratio < 90 %", 0.9)]
    [InlineData("regions_failed > 0", 0.0)]
    [InlineData("encoding_cpu >= 85%", 0.85)]
    public void Every_metric_takes_its_own_kind_of_threshold(string text, double value) =>
        Assert.Equal(value, RuleGrammar.ParseCondition(text).Value!.Threshold, 12);

    [Theory]
    [InlineData("latency_p95 > 500", "'500': latency_p95 takes a duration threshold, e.g. 500 ms")]
    [InlineData("latency_p95 > 90%", "latency_p95 takes a duration threshold")]
    [InlineData("viewer_dropout > 1000", "viewer_dropout takes a rate threshold, e.g. 1000/s")]
    [InlineData("cache_hit_ratio < 0.9", "cache_hit_ratio takes a percent threshold, e.g. 90%")]
    [InlineData("cache_hit_ratio < 120%", "(between 0% and 100%)")]
    [InlineData("regions_failed > 0.5", "(a whole number, not negative)")]
    [InlineData("latency_p95 > -1 s", "(not negative)")]
    [InlineData("latency_p99 > 1 s", "unknown metric 'latency_p99'")]
    [InlineData("latency_p95 is high", "'is': expected a comparison")]
    [InlineData("latency_p95 >", "expected a threshold for latency_p95")]
    [InlineData("latency_p95 > 1e300 ms", "(at most 1 h)")]
    [InlineData("viewer_dropout > 1e300/s", "(at most 10B/s, more than the world's population)")]
    [InlineData("regions_failed > 1e300", "(at most 10,000)")]
    public void Unitless_and_out_of_range_thresholds_are_errors(string text, string message) =>
        Assert.Contains(message, Assert.Single(RuleGrammar.ParseCondition(text).Errors).Message, StringComparison.Ordinal);

    [Fact]
    public void Defaults_are_no_hold_and_no_delay()
    {
        var r = Parse("hit: cdn_cache_hit_ratio < 90% then activate-all-cdns");
        Assert.Equal((Duration.Zero, Duration.Zero), (r.For, r.ExecutionDelay));
        Assert.Equal(new RuleCondition(RunbookMetric.CacheHitRatio, Comparison.Less, 0.9), r.Condition);
    }

    [Fact]
    public void Reports_every_error_with_its_column()
    {
        // cols: lat: 1, latency_p99 6, >> 18, 5xx 21, for 25, 1q 29, then 32, scale-origin 37
        const string rule = "lat: latency_p99 >> 5xx for 1q then scale-origin 75";
        var r = RuleGrammar.ParseRule(rule, Names);
        Assert.False(r.Ok);
        Assert.Equal([6, 29, 37], r.Errors.Select(e => e.Column));
        Assert.Contains("unknown metric 'latency_p99'", r.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("did you mean", r.Errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("'1q': expected a duration after 'for'", r.Errors[1].Message, StringComparison.Ordinal);
        Assert.StartsWith("unknown action 'scale-origin'", r.Errors[2].Message, StringComparison.Ordinal);
        Assert.EndsWith("(did you mean 'scale-origins'?)", r.Errors[2].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1, "empty rule")]
    [InlineData("lat latency_p95 > 1s then activate-all-cdns", 5, "'latency_p95': expected ':'")]
    [InlineData("lat: latency_p95 > 1s", 22, "the rule ends here: expected 'then'")]
    [InlineData("lat: latency_p95 > 1s then", 27, "the rule ends here: expected an action")]
    [InlineData("lat: latency_p95 > 1s then activate-all-cdns,", 46, "the rule ends here: expected an action after ','")]
    [InlineData("lat: latency_p95 > 1s then scale-origins many", 42, "'many': expected a whole number of replicas")]
    [InlineData("lat: latency_p95 > 1s then scale-origins 0", 42, "'0': expected a whole number of replicas")]
    [InlineData("lat: latency_p95 > 1s then fail-over us-east from eu-west", 46, "'from': expected 'to'")]
    [InlineData("lat: latency_p95 > 1s then fail-over us-east us-east", 46, "fail-over from us-east to itself")]
    [InlineData("lat: latency_p95 > 1s then activate-all-cdns now", 46, "activate-all-cdns takes activate-all-cdns")]
    [InlineData("lat: latency_p95 > 1s then activate-all-cdns after soon", 52, "'soon': expected a duration after 'after'")]
    [InlineData("lat: latency_p95 > 1s then cap-quality 8k", 40, "unknown rung '8k': expected one of 240p, 360p")]
    [InlineData("lat: latency_p95 > 1s then cap-quality 720", 40, "(did you mean '720p'?)")]
    [InlineData("lat: latency_p95 > 1s then scale-origins 40 mars", 45, "unknown origin region 'mars'")]
    [InlineData("lat: latency_p95 > 1s then promote-replica eu-wst", 44, "(did you mean 'eu-west'?)")]
    [InlineData("lat: latency_p95 > 1s then set-hpa-max origin-hpa 300", 40, "unknown autoscaler 'origin-hpa': expected one of streaming-hpa, encoding-hpa")]
    [InlineData("lat: latency_p95 > 1s then set-hpa-max streaming-hpa 1", 54, "set-hpa-max streaming-hpa 1: below the autoscaler's min_replicas (50)")] // was accepted, and "raised" maxReplicas to 1
    public void Locates_single_errors(string rule, int column, string message)
    {
        var e = Assert.Single(RuleGrammar.ParseRule(rule, Names).Errors);
        Assert.Equal(column, e.Column);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_throws() =>
        Gen.OneOfConst("lat:", "x", ":", "latency_p95", ">", ">=", "500ms", "500", "ms", "for", "1m", "then", "scale-origins", "75", ",",
                "fail-over", "to", "after", "2m", "region=eu", "cap-quality", "720p", "=", "!", "")
            .Array[0, 14]
            .Sample(words =>
            {
                var text = string.Join(' ', words);
                var r = RuleGrammar.ParseRule(text, Names);
                return r.Ok || r.Errors.All(e => e.Column >= 1 && e.Column <= text.Length + 1);
            }, iter: 3000);

    [Fact]
    public void Round_trips_any_rule_it_reads() =>
        Gen.Select(Gen.OneOfConst(RunbookMetrics.All.ToArray()), Gen.Int[0, 10_000], Gen.Int[0, 600], Gen.Int[0, 600])
            .Sample((metric, value, hold, delay) =>
            {
                var threshold = RunbookMetrics.KindOf(metric) switch
                {
                    QuantityKind.Duration => $"{value} ms",
                    QuantityKind.Rate => $"{value}/s",
                    QuantityKind.Count => $"{value % 10}",
                    _ => $"{value % 101}%",
                };
                var rule = Parse($"r: {RunbookMetrics.Name(metric)} >= {threshold} for {hold} s then cap-quality 480p, scale-origins 3 after {delay} s");
                return Parse(rule.ToString()) == rule;
            }, iter: 500);
}
