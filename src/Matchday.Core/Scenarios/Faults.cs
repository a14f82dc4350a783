using System.Globalization;
using System.Text;
using Matchday.Core.Units;

namespace Matchday.Core.Scenarios;

/// <summary>The kinds of fault a simulated night can be given.</summary>
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
/// One scheduled fault, e.g. <c>cdn-outage provider=akamai region=eu at=67m for=10m</c>: names as written (lower case),
/// checked against the scenario by the grammar that read them. <see cref="For"/> null means until the end of the match.
/// </summary>
public sealed record FaultSpec(FaultKind Kind, Duration At, Duration? For)
{
    /// <summary>The CDN provider (cdn-outage: required; cache-fail-open: optional).</summary>
    public string? Provider { get; init; }

    /// <summary>The delivery region, by name or code (origin-region-loss: the origin region; others: optional, all regions when absent).</summary>
    public string? Region { get; init; }

    /// <summary>The encoder input, 1-based (encoder-failure: optional, all inputs when absent).</summary>
    public int? Input { get; init; }

    /// <summary>auth-degradation: the capacity left, as a fraction of normal.</summary>
    public Ratio? Capacity { get; init; }

    /// <summary>traffic-surge: the demand multiplier.</summary>
    public double? Factor { get; init; }

    /// <summary>traffic-surge: the time constant of the arrivals (and of the departures once it is over); the simulator's default when null.</summary>
    public Duration? Rise { get; init; }

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
        FaultKind.TrafficSurge => "traffic-surge",
    };

    /// <summary>The canonical spec, which parses back to an equal value.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(KindName(Kind));
        var inv = CultureInfo.InvariantCulture;
        if (Provider is not null) sb.Append(" provider=").Append(Provider);
        if (Region is not null) sb.Append(" region=").Append(Region);
        if (Input is { } i) sb.Append(" input=").Append(i.ToString(inv));
        if (Capacity is { } c) sb.Append(" capacity=").Append((c.Value * 100).ToString("0.####", inv)).Append('%');
        if (Factor is { } f) sb.Append(" factor=").Append(f.ToString("0.####", inv)).Append('x');
        if (Rise is { } r) sb.Append(" rise=").Append(r.ToSpecString());
        sb.Append(" at=").Append(At.ToSpecString());
        if (For is { } d) sb.Append(" for=").Append(d.ToSpecString());
        return sb.ToString();
    }
}
