using Matchday.Core.Units;

namespace Matchday.Simulation.Dns;

/// <summary>
/// How long clients keep a DNS answer after it changes. Clients re-resolve when their cached answer expires; at
/// any moment the ages of cached answers are uniform over [0, TTL), so after a change the fraction still on the old
/// answer drains linearly to 0 over one TTL. A fraction of resolvers ignore the TTL and hold answers up to
/// <paramref name="StaleMultiplier"/> × TTL (uniform over that longer span), leaving a slower tail.
/// </summary>
/// <param name="Ttl">The record's TTL (the seed's DNS failover uses 30 s).</param>
/// <param name="StaleResolverFraction">Share of clients behind resolvers that over-cache.</param>
/// <param name="StaleMultiplier">How many TTLs those resolvers hold an answer at most (≥ 1).</param>
internal sealed record DnsCachePolicy(Duration Ttl, Ratio StaleResolverFraction, double StaleMultiplier)
{
    /// <summary>Every resolver honours the TTL.</summary>
    public static DnsCachePolicy Honoured(Duration ttl) => new(ttl, Ratio.Zero, 1);

    /// <summary>
    /// G(τ): the fraction of clients whose answer is older than τ and still held —
    /// (1 − s)·max(0, 1 − τ/TTL) + s·max(0, 1 − τ/(N·TTL)). After a change at time 0, G(t) is the share still on the old answer.
    /// </summary>
    public double FractionOnOldAnswer(Duration sinceChange)
    {
        var t = sinceChange.Seconds;
        if (t <= 0) return 1;
        var s = StaleResolverFraction.Value;
        var honest = Math.Max(0, 1 - t / Ttl.Seconds);
        var stale = Math.Max(0, 1 - t / (StaleMultiplier * Ttl.Seconds));
        return (1 - s) * honest + s * stale;
    }

    /// <summary>When every client has the new answer.</summary>
    public Duration FullyDrainedAfter => StaleResolverFraction.Value > 0 ? Ttl * Math.Max(1, StaleMultiplier) : Ttl;

    /// <summary>How long after a change the share on the old answer first falls to <paramref name="remaining"/> or below.</summary>
    public Duration TimeUntilRemaining(Ratio remaining)
    {
        var f = remaining.Value;
        if (f >= 1) return Duration.Zero;
        if (f <= 0) return FullyDrainedAfter;
        var s = StaleResolverFraction.Value;
        var ttl = Ttl.Seconds;
        var longTtl = Math.Max(1, StaleMultiplier) * ttl;
        // First segment (t ≤ TTL): G(t) = 1 − t·((1−s)/TTL + s/(N·TTL)).
        var slope = (1 - s) / ttl + s / longTtl;
        var t1 = (1 - f) / slope;
        if (t1 <= ttl) return Duration.FromSeconds(t1);
        // Second segment (TTL < t ≤ N·TTL): G(t) = s·(1 − t/(N·TTL)).
        return Duration.FromSeconds(longTtl * (1 - f / s));
    }
}
