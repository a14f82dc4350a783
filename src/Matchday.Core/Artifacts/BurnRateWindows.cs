using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Artifacts;

/// <summary>
/// One multiwindow burn-rate alert: it fires when the error ratio over both windows exceeds <see cref="BurnRate"/> times
/// the budget's ratio (1 − target). Over its long window it then has consumed <see cref="BudgetConsumed"/> of the window's
/// error budget.
/// </summary>
public sealed record BurnRateWindow(Duration Long, Duration Short, double BurnRate, Ratio BudgetConsumed, AlertSeverity Severity)
{
    /// <summary>The error ratio above which it fires: burn rate × (1 − target), to 12 significant digits (as the rule writes it).</summary>
    public double Threshold(double target) => ArtifactText.Significant(BurnRate * (1 - target), 12);
}

/// <summary>
/// The multiwindow, multi-burn-rate alerts of the Google SRE workbook ("Alerting on SLOs", table 5-8, for a 30-day
/// objective): page when 2% of the budget burns in an hour (burn rate 14.4, long window 1 h, short 5 min) or 5% in six
/// hours (6×, 6 h / 30 min); ticket when 10% burns in a day (3×, 1 d / 2 h) or in three days (1×, 3 d / 6 h). For an
/// objective window W other than 30 days the budget shares are kept and the windows scaled by W / 30 d (as pyrra does),
/// so the burn rates stay those of the table: burn = share × W / long. The short window is the long one / 12, as in the
/// table. Windows are rounded to the second, and none is shorter than a minute (four 15 s scrapes), the burn rate then
/// recomputed from the rounded long window so each alert still means its share of the budget.
/// </summary>
public static class BurnRateWindows
{
    /// <summary>The workbook's objective window.</summary>
    public static readonly Duration WorkbookWindow = Duration.FromDays(30);

    /// <summary>The shortest window written: Prometheus needs two samples in a window, and a minute holds four 15 s scrapes.</summary>
    public static readonly Duration Shortest = Duration.FromMinutes(1);

    /// <summary>The workbook's rows: long window at 30 days, the share of the budget it consumes, the severity.</summary>
    private static readonly (Duration Long, double Share, AlertSeverity Severity)[] Workbook =
    [
        (Duration.FromHours(1), 0.02, AlertSeverity.Critical),
        (Duration.FromHours(6), 0.05, AlertSeverity.Critical),
        (Duration.FromDays(1), 0.10, AlertSeverity.Warning),
        (Duration.FromDays(3), 0.10, AlertSeverity.Warning),
    ];

    /// <summary>The four alerts for an objective over <paramref name="window"/>; for 30 days exactly the workbook's.</summary>
    public static ImmutableArray<BurnRateWindow> For(Duration window)
    {
        var scale = window.Seconds / WorkbookWindow.Seconds;
        return [.. Workbook.Select(row =>
        {
            var longWindow = Round(row.Long * scale);
            var shortWindow = Round(longWindow * (1.0 / 12));
            return new BurnRateWindow(longWindow, shortWindow, ArtifactText.Significant(row.Share * window.Seconds / longWindow.Seconds, 12), Ratio.FromFraction(row.Share), row.Severity);
        })];
    }

    private static Duration Round(Duration d) => Duration.FromSeconds(Math.Max(Shortest.Seconds, Math.Round(d.Seconds)));
}
