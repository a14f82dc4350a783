using System.Globalization;
using Matchday.Core.Units;

namespace Matchday.Core.Auditing.Rules;

/// <summary>What the rules share: building a finding (the auditor stamps its rule and group) and writing numbers.</summary>
internal static class AuditText
{
    public static Finding F(Severity severity, string title, string message, string arithmetic, params Figure[] figures) =>
        new("", severity, title, message, [.. figures], arithmetic);

    public static string Pct(double x) => Humanize.Percent(x);

    public static string Times(double x) => x >= 10 ? Humanize.Number(x, 3) + "x" : x.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    public static string N(long x) => x.ToString("N0", CultureInfo.InvariantCulture);

    public static string N(int x) => x.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Relative disagreement of two positive figures, as a factor ≥ 1.</summary>
    public static double Factor(double a, double b) => a > b ? a / b : b / a;

    /// <summary>"over" or "under": where <paramref name="a"/> stands against <paramref name="b"/>.</summary>
    public static string OverUnder(double a, double b) => a > b ? "over" : "under";
}
