using System.Globalization;
using System.Text;
using Matchday.Core.Units;

namespace Matchday.Simulation.Runbooks;

/// <summary>The kinds of fault the simulator can inject.</summary>
public enum FaultKind
{
    /// <summary><c>cdn-outage</c>: a CDN provider fails, everywhere or in one region.</summary>
    CdnOutage,

    /// <summary><c>origin-region-loss</c>: an origin region (its pods and load balancer) is lost.</summary>
    OriginRegionLoss,

    /// <summary><c>encoder-failure</c>: a primary encoder fails; segments are lost until the backup takes over.</summary>
    EncoderFailure,

    /// <summary><c>cache-fail-open</c>: edge/shield caching or request coalescing fails and viewer requests reach the origin.</summary>
    CacheFailOpen,

    /// <summary><c>auth-degradation</c>: the token service keeps only part of its validation capacity.</summary>
    AuthDegradation,

    /// <summary><c>traffic-surge</c>: demand is multiplied (a goal, a celebrity share).</summary>
    TrafficSurge,
}

/// <summary>
/// One scheduled fault, e.g. <c>cdn-outage provider=akamai region=eu at=67m for=10m</c>.
/// <see cref="For"/> null means until the end of the match.
/// </summary>
public sealed record FaultSpec(FaultKind Kind, Duration At, Duration? For)
{
    /// <summary>The CDN provider (cdn-outage: required; cache-fail-open: optional).</summary>
    public string? Provider { get; init; }

    /// <summary>The region (origin-region-loss: required; others: optional, all regions when absent).</summary>
    public string? Region { get; init; }

    /// <summary>The encoder input (encoder-failure: optional, all inputs when absent).</summary>
    public string? Input { get; init; }

    /// <summary>auth-degradation: the capacity left, as a fraction of normal.</summary>
    public Ratio? Capacity { get; init; }

    /// <summary>traffic-surge: the demand multiplier.</summary>
    public double? Factor { get; init; }

    /// <summary>Whether the fault is in effect at <paramref name="t"/> (from <see cref="At"/>, for <see cref="For"/>).</summary>
    public bool IsActive(Duration t) => t >= At && (For is not { } f || t < At + f);

    /// <summary>The kind as written in a spec.</summary>
    public static string KindName(FaultKind kind) => kind switch
    {
        FaultKind.CdnOutage => "cdn-outage",
        FaultKind.OriginRegionLoss => "origin-region-loss",
        FaultKind.EncoderFailure => "encoder-failure",
        FaultKind.CacheFailOpen => "cache-fail-open",
        FaultKind.AuthDegradation => "auth-degradation",
        _ => "traffic-surge",
    };

    /// <summary>The canonical spec, which parses back to an equal value.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(KindName(Kind));
        var inv = CultureInfo.InvariantCulture;
        if (Provider is not null) sb.Append(" provider=").Append(Provider);
        if (Region is not null) sb.Append(" region=").Append(Region);
        if (Input is not null) sb.Append(" input=").Append(Input);
        if (Capacity is { } c) sb.Append(" capacity=").Append((c.Value * 100).ToString("0.####", inv)).Append('%');
        if (Factor is { } f) sb.Append(" factor=").Append(f.ToString("0.####", inv)).Append('x');
        sb.Append(" at=").Append(SpecDuration.Format(At));
        if (For is { } d) sb.Append(" for=").Append(SpecDuration.Format(d));
        return sb.ToString();
    }
}

/// <summary>Durations as fault specs and rules write them: <c>67m</c>, <c>90s</c>, <c>1h30m</c>, <c>500ms</c>, <c>2.5min</c>.</summary>
public static class SpecDuration
{
    /// <summary>Parses a duration; null when it is not one.</summary>
    public static Duration? Parse(string text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        double total = 0;
        var i = 0;
        var any = false;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            if (i == start) return null;
            if (!double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return null;
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
            double? factor = text[unitStart..i] switch
            {
                "ms" => 1e-3,
                "s" or "sec" => 1,
                "m" or "min" => 60,
                "h" => 3600,
                _ => null,
            };
            if (factor is null) return null;
            total += number * factor.Value;
            any = true;
        }
        return any ? Duration.FromSeconds(total) : null;
    }

    /// <summary>The shortest exact form: <c>67m</c>, <c>90s</c>, <c>1h</c>, <c>1h30m</c>, <c>500ms</c>.</summary>
    public static string Format(Duration d)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = d.Seconds;
        if (s == 0) return "0s";
        if (s % 3600 == 0) return (s / 3600).ToString(inv) + "h";
        if (s % 60 == 0) return (s / 60).ToString(inv) + "m";
        if (s == Math.Floor(s)) return s.ToString(inv) + "s";
        return (s * 1000).ToString("0.###", inv) + "ms";
    }
}
