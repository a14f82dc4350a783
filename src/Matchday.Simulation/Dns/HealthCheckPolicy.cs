using Matchday.Core.Units;

namespace Matchday.Simulation.Dns;

/// <summary>
/// A GSLB health check: a probe every <paramref name="Interval"/>; a target is marked unhealthy after
/// <paramref name="FailureThreshold"/> consecutive failed probes, each failing after at most <paramref name="Timeout"/>.
/// </summary>
/// <remarks>
/// Amazon Route 53's defaults are a 30 s interval (10 s "fast"), a failure threshold of 3, and a 4 s limit to connect
/// (Route 53 Developer Guide, "Values that you specify when you create or update health checks" and "How Route 53
/// determines whether a health check is healthy").
/// </remarks>
internal sealed record HealthCheckPolicy(Duration Interval, int FailureThreshold, Duration Timeout)
{
    /// <summary>Route 53's standard check: every 30 s, unhealthy after 3 failures, 4 s probe timeout.</summary>
    public static HealthCheckPolicy Route53Standard { get; } = new(Duration.FromSeconds(30), 3, Duration.FromSeconds(4));

    /// <summary>The earliest detection: the failure happens just as a probe runs.</summary>
    public Duration BestCaseDetection => Interval * (FailureThreshold - 1) + Timeout;

    /// <summary>The latest detection: the failure happens just after a probe.</summary>
    public Duration WorstCaseDetection => Interval * FailureThreshold + Timeout;

    /// <summary>The mean detection delay when failures are uniform over the probe cycle: (threshold − ½)·interval + timeout.</summary>
    public Duration ExpectedDetection => Interval * (FailureThreshold - 0.5) + Timeout;

    /// <summary>
    /// When a target that fails at <paramref name="failureAt"/> is marked unhealthy, with probes at
    /// <paramref name="probeOffset"/> + k·interval: the first probe at or after the failure fails, and the
    /// threshold-th consecutive failure (plus its timeout) marks it down.
    /// </summary>
    public Duration DetectedAt(Duration failureAt, Duration probeOffset)
    {
        var k = Math.Ceiling((failureAt - probeOffset) / Interval);
        var firstFailedProbe = probeOffset + Interval * k;
        return firstFailedProbe + Interval * (FailureThreshold - 1) + Timeout;
    }
}
