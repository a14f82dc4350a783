using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Matchday.Core.Artifacts;

namespace Matchday.Simulation.Artifacts;

/// <summary>One expectation of the unit test: at <see cref="At"/> seconds these alerts of one name fire (none: nothing).</summary>
public sealed record AlertCheck(double At, string Alert, ImmutableArray<AlertingRule> Firing);

/// <summary>
/// A <c>promtool test rules</c> file for the night: its input series are the night's series the rules read, sampled
/// every 15 s and written in promtool's expanding notation (<c>a+bxN</c> wherever N+1 samples lie on one line, to 10
/// significant digits), and its expectations are <see cref="AlertForecast"/>'s: at chosen times, exactly the alerts
/// Matchday says fire. A time is chosen only where Matchday's answer does not change within a minute either side, so
/// the test passes if and only if promtool starts and stops every alert within a minute of Matchday.
/// </summary>
public static class PromtoolTest
{
    /// <summary>How far promtool's transitions may be from Matchday's: a minute.</summary>
    public const double Tolerance = 60;

    /// <summary>Times checked when nothing changes: every 20 minutes of the night.</summary>
    public const double QuietEvery = 20 * 60;

    /// <summary>The most checks per alert name (the first and last transitions and evenly spread quiet times are kept).</summary>
    public const int MaxChecksPerAlert = 24;

    /// <summary>The checks: around every transition of every alert (a minute and one interval before and after) and the quiet times, each only where Matchday's answer is steady within the tolerance.</summary>
    public static ImmutableArray<AlertCheck> Checks(AlertForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var step = forecast.Rules.Interval.Seconds;
        var times = forecast.Times;
        var margin = (int)Math.Ceiling(Tolerance / step);
        var checks = ImmutableArray.CreateBuilder<AlertCheck>();
        foreach (var name in forecast.Rules.Alerts.Select(a => a.Name).Distinct(StringComparer.Ordinal))
        {
            var rules = forecast.Rules.Alerts.Where(a => a.Name == name).ToImmutableArray();
            bool Steady(int k) => k - margin >= 0 && k + margin < times.Length &&
                rules.All(r => Enumerable.Range(k - margin, 2 * margin + 1).All(j => forecast.Firing(r)[j] == forecast.Firing(r)[k]));
            var candidates = new SortedSet<int>();
            foreach (var r in rules)
            {
                var f = forecast.Firing(r);
                for (var k = 1; k < f.Count; k++)
                {
                    if (f[k] == f[k - 1]) continue;
                    candidates.Add(k - margin - 1);
                    candidates.Add(k + margin);
                }
            }
            var transitions = candidates.Where(Steady).ToList();
            var quiet = Enumerable.Range(1, (int)(times[^1] / QuietEvery)).Select(i => (int)Math.Round(i * QuietEvery / step)).Where(k => k < times.Length && Steady(k) && !transitions.Contains(k)).ToList();
            var chosen = transitions.Count >= MaxChecksPerAlert
                ? transitions.Where((_, i) => i % (int)Math.Ceiling(transitions.Count / (double)MaxChecksPerAlert) == 0).Append(transitions[^1])
                : transitions.Concat(quiet.Where((_, i) => i % Math.Max(1, (int)Math.Ceiling(quiet.Count / (double)(MaxChecksPerAlert - transitions.Count))) == 0));
            foreach (var k in chosen.Distinct().Order())
                checks.Add(new AlertCheck(times[k], name, [.. rules.Where(r => forecast.Firing(r)[k])]));
        }
        return checks.ToImmutable();
    }

    /// <summary>The series the rules read: every exported series of a family an expression names.</summary>
    public static IEnumerable<ExportedSeries> Inputs(NightExport night, PrometheusRules rules)
    {
        ArgumentNullException.ThrowIfNull(night);
        ArgumentNullException.ThrowIfNull(rules);
        var exprs = rules.Records.Select(r => r.Expr).ToList();
        return night.Series.Where(s => exprs.Any(e => e.Contains(s.Family.Name, StringComparison.Ordinal)));
    }

    /// <summary>The test file, reading <paramref name="rulesFile"/> (a path relative to the test file).</summary>
    public static string Write(NightExport night, PrometheusRules rules, AlertForecast forecast, string rulesFile, string name, string header)
    {
        ArgumentNullException.ThrowIfNull(night);
        ArgumentNullException.ThrowIfNull(rules);
        var w = new StringBuilder();
        foreach (var line in header.Split('\n')) w.AppendLine(line.Length == 0 ? "#" : "# " + line);
        w.AppendLine("rule_files:");
        w.Append("  - ").AppendLine(Yaml.Quote(rulesFile));
        w.Append("evaluation_interval: ").AppendLine(ArtifactText.PromDuration(rules.Interval));
        w.AppendLine("tests:");
        w.Append("  - name: ").AppendLine(Yaml.Quote(name));
        w.Append("    interval: ").AppendLine(ArtifactText.PromDuration(Core.Units.Duration.FromSeconds(NightExport.ScrapeInterval)));
        w.AppendLine("    input_series:");
        foreach (var s in Inputs(night, rules))
        {
            var prefix = s.Counter ? NightExport.Prefix(s) : null;
            var values = Enumerable.Range(0, night.Samples).Select(j => Round(NightExport.ValueAt(s, night.TicksBy(j * NightExport.ScrapeInterval), prefix))).ToArray();
            w.Append("      - series: ").AppendLine(Yaml.Quote(s.Selector));
            w.Append("        values: ").AppendLine(Yaml.Quote(Expand(values, s.Counter)));
        }
        w.AppendLine("    alert_rule_test:");
        foreach (var c in Checks(forecast))
        {
            w.Append("      - eval_time: ").AppendLine(ArtifactText.PromDuration(Core.Units.Duration.FromSeconds(c.At)));
            w.Append("        alertname: ").AppendLine(c.Alert);
            if (c.Firing.IsEmpty)
            {
                w.AppendLine("        exp_alerts: []");
                continue;
            }
            w.AppendLine("        exp_alerts:");
            foreach (var r in c.Firing)
            {
                w.AppendLine("          - exp_labels:");
                foreach (var (k, v) in r.FiringLabels) w.Append("              ").Append(k).Append(": ").AppendLine(Yaml.Quote(v));
                w.AppendLine("            exp_annotations:");
                foreach (var (k, v) in r.Annotations) w.Append("              ").Append(k).Append(": ").AppendLine(Yaml.Quote(v));
            }
        }
        return w.ToString();
    }

    /// <summary>A value to 10 significant digits, as the exposition writes it.</summary>
    private static double Round(double v) => double.IsFinite(v) ? double.Parse(NightExport.Value(v), CultureInfo.InvariantCulture) : v;

    /// <summary>
    /// promtool's expanding notation: each run of samples on one line <c>a, a+b, ..., a+Nb</c> (within the values'
    /// 10-digit rounding, as promtool expands it: adding b to a N times) as <c>a+bxN</c>, runs separated by spaces; +Inf
    /// as <c>Inf</c>. For a counter (<paramref name="monotonic"/>) a run never rises above the sample after it: promtool
    /// would read the fall as a counter reset.
    /// </summary>
    public static string Expand(IReadOnlyList<double> values, bool monotonic = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        // Work on the values as they are printed (10 significant digits), so the line promtool expands is the one checked.
        values = [.. values.Select(Round)];
        var parts = new List<string>();
        var i = 0;
        while (i < values.Count)
        {
            var a = values[i];
            if (!double.IsFinite(a) || i + 1 >= values.Count || !double.IsFinite(values[i + 1]))
            {
                parts.Add(Number(a));
                i++;
                continue;
            }
            var b = Round(values[i + 1] - a);
            if (monotonic && b < 0) b = 0;
            // The values promtool will produce: a, a + b, a + b + b, ...
            var line = new List<double> { a };
            var x = a;
            while (i + line.Count < values.Count && double.IsFinite(values[i + line.Count]))
            {
                x += b;
                if (!Close(values[i + line.Count], x)) break;
                line.Add(x);
            }
            var n = line.Count - 1;
            while (monotonic && n > 0 && i + n + 1 < values.Count && line[n] > values[i + n + 1]) n--;
            if (n <= 1)
            {
                parts.Add(Number(a));
                i++;
                continue;
            }
            parts.Add(b == 0 ? $"{Number(a)}+0x{n}" : $"{Number(a)}{(b < 0 ? "-" : "+")}{Number(Math.Abs(b))}x{n}");
            i += n + 1;
        }
        return string.Join(' ', parts);
    }

    private static bool Close(double v, double line) => Math.Abs(v - line) <= 5e-10 * Math.Max(Math.Abs(v), 1e-300) || v == line;

    private static string Number(double v) => double.IsPositiveInfinity(v) ? "Inf" : double.IsNegativeInfinity(v) ? "-Inf" : double.IsNaN(v) ? "NaN" : NightExport.Value(v);
}
