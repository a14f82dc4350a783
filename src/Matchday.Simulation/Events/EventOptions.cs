using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Runbooks;

namespace Matchday.Simulation.Events;

/// <summary>Which edge capacities the simulation gives each region × CDN.</summary>
public enum EdgeCapacitySource
{
    /// <summary>The plan's: the servers the plan says each region × CDN needs (buffered peak egress).</summary>
    Plan,

    /// <summary>The scenario's declared regional capacities, split by CDN traffic share (the seed's, which the audit finds short).</summary>
    Scenario,
}

/// <summary>How viewers behave when things go wrong. Assumptions, each a parameter.</summary>
/// <param name="StartupTime">Mean time from pressing play to the first frame when nothing is saturated.</param>
/// <param name="StallPatience">Mean time a stalled viewer waits before giving up (exponential).</param>
/// <param name="RetryShare">Share of viewers who give up but come back.</param>
/// <param name="RetryDelay">Mean time before they come back.</param>
/// <param name="JoinRetryDelay">Mean time before a client retries a failed join (the retries amplify auth load).</param>
public sealed record ViewerBehaviour(Duration StartupTime, Duration StallPatience, Ratio RetryShare, Duration RetryDelay, Duration JoinRetryDelay)
{
    /// <summary>
    /// 2 s startup (the seed's startup SLO), 30 s patience, 90% of those who give up retry after 30 s on average (a
    /// final's audience comes back), failed joins retried after 5 s. Assumptions.
    /// </summary>
    public static ViewerBehaviour Default { get; } = new(Duration.FromSeconds(2), Duration.FromSeconds(30), Ratio.FromPercent(90), Duration.FromSeconds(30), Duration.FromSeconds(5));
}

/// <summary>Everything about a simulation run that is not in the scenario.</summary>
public sealed record EventOptions
{
    /// <summary>The stage whose match is simulated; null takes the largest (the final).</summary>
    public string? Stage { get; init; }

    /// <summary>The seed of every random draw (random goals); with no randomness configured it changes nothing.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The time step.</summary>
    public Duration Tick { get; init; } = Duration.FromSeconds(1);

    /// <summary>Edge capacity per region × CDN.</summary>
    public EdgeCapacitySource Capacity { get; init; } = EdgeCapacitySource.Plan;

    /// <summary>Scheduled faults.</summary>
    public ImmutableArray<FaultSpec> Faults { get; init; } = [];

    /// <summary>Runbook rules; the seed's by default.</summary>
    public ImmutableArray<RunbookRule> Rules { get; init; } = SeedRunbook.Rules;

    /// <summary>Viewer behaviour.</summary>
    public ViewerBehaviour Viewers { get; init; } = ViewerBehaviour.Default;

    /// <summary>Random goals per hour of match (a join wave and a surge each); 0 disables randomness.</summary>
    public double GoalsPerHour { get; init; }

    /// <summary>A goal's demand surge (multiplier) and how long it lasts.</summary>
    public (double Factor, Duration Length) GoalSurge { get; init; } = (1.05, Duration.FromMinutes(5));

    /// <summary>The viewer-to-edge round trip without queueing (an assumption: a typical last-mile RTT).</summary>
    public Duration EdgeNetworkLatency { get; init; } = Duration.FromMilliseconds(40);

    /// <summary>Segment requests one edge server completes per second (an assumption: an nginx-class cache server).</summary>
    public Rate EdgeRequestsPerServer { get; init; } = Rate.FromPerSecond(50_000);

    /// <summary>The client's segment timeout: the latency seen at a saturated edge.</summary>
    public Duration EdgeTimeout { get; init; } = Duration.FromSeconds(4);

    /// <summary>From health-check detection to the new DNS answer being served (an assumption).</summary>
    public Duration DnsPropagation { get; init; } = Duration.FromSeconds(5);

    /// <summary>Resolvers that hold answers past their TTL, and for how many TTLs at most.</summary>
    public (Ratio Share, double Multiplier) StaleResolvers { get; init; } = (Ratio.FromPercent(10), 4);

    /// <summary>How long a failed primary encoder's segments are lost before the backup takes over (an assumption).</summary>
    public Duration EncoderBackupTakeover { get; init; } = Duration.FromSeconds(10);

    /// <summary>How long an origin request takes to serve (Little's law turns requests/s into concurrent streams for the HPA).</summary>
    public Duration OriginServiceTime { get; init; } = Duration.FromMilliseconds(50);
}
