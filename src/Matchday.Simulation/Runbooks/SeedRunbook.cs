using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Runbooks;

/// <summary>The seed document's "During-Event Response Procedures" as rules: the defaults when a scenario has none.</summary>
public static class SeedRunbook
{
    /// <summary>
    /// An assumption, not from the seed: a paged engineer acknowledges, reads the runbook and runs the commands in
    /// about two minutes.
    /// </summary>
    public static readonly Duration HumanExecutionDelay = Duration.FromMinutes(2);

    /// <summary>
    /// "High Latency (&gt;500ms p95)": scale origins to 75, activate the secondary CDN. Held for 1 min, the <c>for:</c>
    /// of the seed's HighViewerLatency alert.
    /// </summary>
    public static RunbookRule HighLatency { get; } = new(
        "high-latency",
        new RuleCondition(RunbookMetrics.LatencyP95, Comparison.Greater, 0.5),
        Duration.FromMinutes(1),
        HumanExecutionDelay,
        [new ScaleOrigins(75), new ActivateSecondaryCdn()]);

    /// <summary>
    /// "Viewer Dropout Spike (&gt;1000/sec)": raise encoding-hpa to 150, cap quality at 720p, activate all CDNs.
    /// Held for 30 s, the <c>for:</c> of the seed's ViewerDropout alert.
    /// </summary>
    public static RunbookRule ViewerDropout { get; } = new(
        "viewer-dropout",
        new RuleCondition(RunbookMetrics.ViewerDropoutRate, Comparison.Greater, 1000),
        Duration.FromSeconds(30),
        HumanExecutionDelay,
        [new SetHpaMaxReplicas("encoding-hpa", 150), new CapQuality("720p"), new ActivateAllCdns()]);

    /// <summary>
    /// "Complete Region Failure": fail us-east over to eu-west, scale eu-west to 40, promote its replica. The seed's
    /// secondary load balancer has a "30-second activation"; the decision itself is automated with "false positive
    /// protection", taken here as the condition holding for 30 s.
    /// </summary>
    public static RunbookRule RegionFailure { get; } = new(
        "region-failure",
        new RuleCondition(RunbookMetrics.RegionsFailed, Comparison.Greater, 0),
        Duration.FromSeconds(30),
        Duration.FromSeconds(30),
        [new FailOverRegion("us-east", "eu-west"), new ScaleOrigins(40, "eu-west"), new PromoteReplica("eu-west")]);

    /// <summary>All three.</summary>
    public static ImmutableArray<RunbookRule> Rules { get; } = [HighLatency, ViewerDropout, RegionFailure];
}
