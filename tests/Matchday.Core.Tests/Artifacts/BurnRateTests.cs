using CsCheck;
using Matchday.Core.Artifacts;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Tests.Artifacts;

/// <summary>The workbook's multiwindow burn-rate table, and its scaling to other objective windows.</summary>
public class BurnRateTests
{
    [Fact]
    public void A_30_day_objective_gets_the_workbooks_table_exactly()
    {
        var w = BurnRateWindows.For(Duration.FromDays(30));
        // Google SRE workbook, "Alerting on SLOs", table 5-8: 2% in 1 h (14.4), 5% in 6 h (6), 10% in 1 d (3), 10% in 3 d (1).
        Assert.Equal([3600, 21600, 86400, 259200], w.Select(x => x.Long.Seconds));
        Assert.Equal([300, 1800, 7200, 21600], w.Select(x => x.Short.Seconds));
        Assert.Equal([14.4, 6, 3, 1], w.Select(x => Math.Round(x.BurnRate, 9)));
        Assert.Equal([AlertSeverity.Critical, AlertSeverity.Critical, AlertSeverity.Warning, AlertSeverity.Warning], w.Select(x => x.Severity));
        // 14.4 x (1 - 99.95%) = 0.72% of events bad.
        Assert.Equal(0.0072, w[0].Threshold(0.9995), 12);
    }

    [Fact]
    public void A_28_day_objective_scales_the_windows_and_keeps_the_budget_shares()
    {
        var w = BurnRateWindows.For(Duration.FromDays(28));
        // 1 h x 28/30 = 56 min; short 56/12 = 4 min 40 s; burn = 2% x 28 d / 56 min = 0.02 x 40320 / 56 = 14.4.
        Assert.Equal(56 * 60, w[0].Long.Seconds);
        Assert.Equal(280, w[0].Short.Seconds);
        Assert.Equal(14.4, w[0].BurnRate, 9);
        // 3 d x 28/30 = 67.2 h = 241,920 s; burn 10% x 28 d / 67.2 h = 1.
        Assert.Equal(241_920, w[3].Long.Seconds);
        Assert.Equal(1, w[3].BurnRate, 9);
    }

    [Fact]
    public void Short_windows_never_go_below_a_minute()
    {
        // A one-day objective: 1 h / 30 = 2 min, short 10 s -> 1 min; the burn is 2% x 1 d / 2 min = 14.4.
        var w = BurnRateWindows.For(Duration.FromDays(1));
        Assert.Equal(120, w[0].Long.Seconds);
        Assert.Equal(60, w[0].Short.Seconds);
        Assert.Equal(14.4, w[0].BurnRate, 9);
    }

    [Fact]
    public void Every_alert_means_its_share_of_the_budget_whatever_the_window() =>
        Gen.Double[3600, 366 * 86400].Sample(seconds =>
        {
            var window = Duration.FromSeconds(seconds);
            foreach (var b in BurnRateWindows.For(window))
            {
                // Burning at exactly the threshold over the long window consumes the row's share of the budget.
                Assert.Equal(b.BudgetConsumed.Value, b.BurnRate * b.Long.Seconds / window.Seconds, 9);
                Assert.True(b.Short <= b.Long);
                Assert.True(b.Short.Seconds >= 60);
            }
        });

    [Fact]
    public void Prometheus_durations_are_written_largest_unit_first() =>
        Assert.Equal(["1h", "5m", "1d", "4m40s", "2d19h12m", "0s"],
            new[] { 3600.0, 300, 86400, 280, 241_920, 0 }.Select(s => ArtifactText.PromDuration(Duration.FromSeconds(s))));
}
