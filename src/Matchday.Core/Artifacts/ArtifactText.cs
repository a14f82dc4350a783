using System.Globalization;
using System.Text;
using Matchday.Core.Units;

namespace Matchday.Core.Artifacts;

/// <summary>How the artifacts write names, durations and numbers for the tools that read them.</summary>
public static class ArtifactText
{
    /// <summary>A Kubernetes object name (RFC 1123 label): lower-case letters, digits and '-', at most 63 characters.</summary>
    public static string KubernetesName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        var s = sb.ToString().Trim('-');
        if (s.Length > 63) s = s[..63].TrimEnd('-');
        return s.Length == 0 ? "matchday" : s;
    }

    /// <summary>A Prometheus duration: whole units largest first (<c>1h</c>, <c>5m</c>, <c>1d</c>, <c>4m40s</c>), to the second.</summary>
    public static string PromDuration(Duration d)
    {
        var seconds = (long)Math.Round(d.Seconds);
        if (seconds <= 0) return "0s";
        var sb = new StringBuilder();
        foreach (var (unit, size) in new[] { ("d", 86400L), ("h", 3600L), ("m", 60L), ("s", 1L) })
        {
            if (seconds < size) continue;
            sb.Append(CultureInfo.InvariantCulture, $"{seconds / size}{unit}");
            seconds %= size;
        }
        return sb.ToString();
    }

    /// <summary>A number as PromQL and YAML write it: shortest round-trip text, never an exponent below 1e15.</summary>
    public static string Number(double x)
    {
        if (double.IsPositiveInfinity(x)) return "+Inf";
        if (double.IsNegativeInfinity(x)) return "-Inf";
        if (double.IsNaN(x)) return "NaN";
        var r = x.ToString("R", CultureInfo.InvariantCulture);
        if (!r.Contains('E', StringComparison.Ordinal) || Math.Abs(x) >= 1e15) return r;
        return x.ToString("0.###############", CultureInfo.InvariantCulture);
    }

    /// <summary><paramref name="x"/> to <paramref name="digits"/> significant digits: 14.4 × 0.0005 is written 0.0072, not 0.007199999999999.</summary>
    public static double Significant(double x, int digits)
    {
        if (x == 0 || !double.IsFinite(x)) return x;
        return double.Parse(x.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>PascalCase of a dashed name: <c>high-latency</c> → <c>HighLatency</c>.</summary>
    public static string Pascal(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder();
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c)) { upper = true; continue; }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return sb.ToString();
    }
}
