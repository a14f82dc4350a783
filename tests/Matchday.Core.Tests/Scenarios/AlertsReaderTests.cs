using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;

namespace Matchday.Core.Tests.Scenarios;

/// <summary>The <c>alerts:</c> section: read in the runbook's condition grammar, every mistake located.</summary>
public class AlertsReaderTests
{
    private static readonly string Seed = Presets.Text(Presets.Default)!;

    private static string SeedWith(string find, string replace)
    {
        Assert.Contains(find, Seed);
        return Seed.Replace(find, replace, StringComparison.Ordinal);
    }

    [Fact]
    public void The_builtin_scenario_holds_the_documents_four_alerts()
    {
        var alerts = Presets.Load().Alerts;
        Assert.Equal(["HighViewerLatency", "CDNCacheHitRateDropped", "EncodingCPUHigh", "ViewerDropout"], alerts.Select(a => a.Name));
        var latency = alerts[0];
        Assert.Equal(new RuleCondition(RunbookMetric.LatencyP95, Comparison.Greater, 0.2), latency.When);
        Assert.Equal(60, latency.For.Seconds);
        Assert.Equal(AlertSeverity.Critical, latency.Severity);
        Assert.Equal(new RuleCondition(RunbookMetric.CacheHitRatio, Comparison.Less, 0.9), alerts[1].When);
        Assert.Equal(AlertSeverity.Warning, alerts[1].Severity);
        Assert.Equal(1000, alerts[3].When.Threshold);
        Assert.Equal(30, alerts[3].For.Seconds);
    }

    [Fact]
    public void A_scenario_without_alerts_has_none() =>
        Assert.Empty(ScenarioReader.Read(File.ReadAllText(RepoPaths.Example("cricket-final.yaml")), "c.yaml").Scenario!.Alerts);

    [Theory]
    [InlineData("when: latency_p95 > 200 ms,", "when: latency_p95 > 200,", "alerts[0].when", "takes a duration")]
    [InlineData("when: cache_hit_ratio < 90%,", "when: hit_ratio < 90%,", "alerts[1].when", "hit_ratio")]
    [InlineData("name: HighViewerLatency,", "name: high-latency,", "alerts[0].name", "letters, digits and '_'")]
    [InlineData("severity: warning }", "severity: page }", "alerts[1].severity", "info, warning, critical")]
    [InlineData("name: EncodingCPUHigh,", "name: ViewerDropout,", "alerts", "listed 2 times")]
    [InlineData("for: 30 s,", "for: -30 s,", "alerts[3].for", "")]
    public void A_bad_alert_is_a_located_error(string find, string replace, string field, string says)
    {
        var yaml = SeedWith(find, replace);
        var result = ScenarioReader.Read(yaml, "t.yaml");
        Assert.False(result.Ok);
        var error = Assert.Single(result.Errors, e => e.Field == field);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        if (field != "alerts") Assert.Equal(yaml[..yaml.IndexOf(replace, StringComparison.Ordinal)].Count(c => c == '\n') + 1, error.Line);
    }
}
