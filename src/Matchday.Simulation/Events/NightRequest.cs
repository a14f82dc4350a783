using System.Collections.Immutable;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Players;

namespace Matchday.Simulation.Events;

/// <summary>Where the simulated CDN edge capacity comes from.</summary>
public enum CapacitySource
{
    /// <summary>The plan's edge servers per region and CDN (buffered need at the target utilization).</summary>
    Plan,

    /// <summary>The scenario's declared regional capacities, split over the CDNs by traffic share.</summary>
    Scenario,
}

/// <summary>
/// How viewers behave, as fluid rates. The sources: Krishnan &amp; Sitaraman, "Video Stream Quality Impacts Viewer
/// Behavior: Inferring Causality Using Quasi-Experimental Designs" (IMC 2012, 23M views on Akamai): viewers start to
/// abandon after 2 s of startup, each extra second adding 5.8% to the abandonment rate; and a rebuffer delay of 1% of a
/// video's duration cuts its viewing by 5%, so each second stalled costs about five seconds of viewing (Dobrian et al.,
/// "Understanding the Impact of Video Quality on User Engagement", SIGCOMM 2011, find 1% more buffering costing over
/// 3 minutes of a 90-minute live event: 3.3 s a second). The rest are assumptions, overridable in the scenario
/// (<c>viewers:</c>).
/// </summary>
public sealed record ViewerBehaviour
{
    /// <summary>Startup delay viewers tolerate before they start leaving (2 s, Krishnan &amp; Sitaraman).</summary>
    public Duration StartupTolerance { get; init; } = Duration.FromSeconds(2);

    /// <summary>Share of the still-waiting viewers lost per extra second of startup (5.8%, Krishnan &amp; Sitaraman).</summary>
    public double StartupAbandonPerSecond { get; init; } = 0.058;

    /// <summary>Seconds of viewing a second of stalling costs (5, Krishnan &amp; Sitaraman), from which the stall patience follows.</summary>
    public const double ViewingLostPerStallSecond = 5;

    /// <summary>
    /// Mean time a stalled viewer waits before giving up. With a constant hazard h, each stalled second costs h × R of
    /// viewing where R is the viewing still ahead (half the match on average), so h = 5 / R and the patience is R / 5:
    /// 18 min for a three-hour final.
    /// </summary>
    public Duration StallPatience { get; init; } = Duration.FromMinutes(18);

    /// <summary>Share of rejected joins that retry rather than give up (assumed 80%).</summary>
    public Ratio RetryShare { get; init; } = Ratio.FromPercent(80);

    /// <summary>Mean client back-off before a rejected join retries (assumed 5 s).</summary>
    public Duration RetryDelay { get; init; } = Duration.FromSeconds(5);

    /// <summary>Share of viewers who gave up that come back (assumed 30%); the rest are gone for the match.</summary>
    public Ratio ReturnShare { get; init; } = Ratio.FromPercent(30);

    /// <summary>Mean time before those who come back do (assumed 2 min).</summary>
    public Duration ReturnDelay { get; init; } = Duration.FromMinutes(2);

    /// <summary>Time to fetch the playlist and make the first request, before the first segment downloads (assumed 0.5 s).</summary>
    public Duration StartupOverhead { get; init; } = Duration.FromSeconds(0.5);

    /// <summary>Share of its own access throughput an ABR player budgets for its rung (<see cref="Abr.ThroughputSafety"/>).</summary>
    public double AbrSafety { get; init; } = Abr.ThroughputSafety;

    /// <summary>Segments a live player keeps buffered behind the live edge (the HLS specification recommends three).</summary>
    public int LiveBufferSegments { get; init; } = 3;

    /// <summary>The time constant of a surge's arrivals: a goal's audience arrives over about a minute (assumed 1 min).</summary>
    public Duration SurgeRise { get; init; } = Duration.FromMinutes(1);

    /// <summary>
    /// These viewers as the player engine draws them, one patience each: leaving at startup after the tolerance at the
    /// startup rate, and in stalls after a patience uniform from 0 to twice <see cref="StallPatience"/> (the same mean).
    /// The night's sampled players and <c>matchday players</c> both take it.
    /// </summary>
    public ViewerAbandonment Abandonment() =>
        new ViewerAbandonment { StartupGrace = StartupTolerance, StartupRatePerSecond = StartupAbandonPerSecond }.WithStallPatience(StallPatience);

    /// <summary>
    /// The defaults, with the scenario's own figures where it gives them; the stall patience, when the scenario does not
    /// give it, from the viewing still ahead of a viewer of a match of <paramref name="matchLength"/>.
    /// </summary>
    public static ViewerBehaviour For(ViewerSettings settings, Duration matchLength)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var d = new ViewerBehaviour();
        return d with
        {
            StartupTolerance = settings.StartupTolerance ?? d.StartupTolerance,
            StartupAbandonPerSecond = settings.StartupAbandonment?.Value ?? d.StartupAbandonPerSecond,
            StallPatience = settings.StallPatience ?? Duration.FromSeconds(Math.Max(60, matchLength.Seconds / 2 / ViewingLostPerStallSecond)),
            RetryShare = settings.RetryShare ?? d.RetryShare,
            RetryDelay = settings.RetryDelay ?? d.RetryDelay,
            ReturnShare = settings.ReturnShare ?? d.ReturnShare,
            ReturnDelay = settings.ReturnDelay ?? d.ReturnDelay,
            LiveBufferSegments = settings.LiveBufferSegments ?? d.LiveBufferSegments,
        };
    }
}

/// <summary>
/// What a front end asks of a simulated night, beside the scenario: the stage, the faults and rules to add (as
/// one-line specs, with where they were written), the seed and the model's knobs. <see cref="NightSetup.Compile"/>
/// checks it against the scenario and compiles the night.
/// </summary>
public sealed record NightRequest
{
    /// <summary>The stage whose match is simulated; the largest when null.</summary>
    public string? Stage { get; init; }
    public CapacitySource Capacity { get; init; } = CapacitySource.Plan;
    public ulong Seed { get; init; } = 1;
    public Duration Tick { get; init; } = Duration.FromSeconds(1);
    /// <summary>Faults beside the scenario's own (<c>--fault</c>).</summary>
    public ImmutableArray<SpecSource> Faults { get; init; } = [];
    /// <summary>Runbook rules beside the scenario's own (<c>--rule</c>).</summary>
    public ImmutableArray<SpecSource> Rules { get; init; } = [];
    /// <summary>Whether the scenario's runbook runs (<c>--no-runbook</c> turns it off; added rules still run).</summary>
    public bool ScenarioRunbook { get; init; } = true;
    /// <summary>Random faults: expected outages per CDN cell per hour (0: none). Drawn from the seed.</summary>
    public double RandomCdnOutagesPerHour { get; init; }
    public Duration RandomOutageLength { get; init; } = Duration.FromMinutes(5);
    /// <summary>Random goals per hour of play (0: none): each brings a wave of viewers (<see cref="GoalSurge"/> for <see cref="GoalSurgeLength"/>).</summary>
    public double GoalsPerHour { get; init; }
    /// <summary>Demand multiplier after a goal (assumed +10%: friends texting friends).</summary>
    public double GoalSurge { get; init; } = 1.10;
    public Duration GoalSurgeLength { get; init; } = Duration.FromMinutes(3);
    /// <summary>How viewers behave; null: the scenario's <c>viewers:</c> over the sourced defaults (<see cref="ViewerBehaviour.For"/>).</summary>
    public ViewerBehaviour? Behaviour { get; init; }
    /// <summary>
    /// Real player sessions sampled across the edges (0: none), for the experience verdicts: exactly this many, drawn over
    /// the cells in proportion to the viewers each admits, run after the fleet on what it recorded.
    /// </summary>
    public int SampledPlayers { get; init; }
    /// <summary>Worker threads for the sampled players (null: all cores); results do not depend on it.</summary>
    public int? Threads { get; init; }
    /// <summary>Client request timeout: the latency a saturated edge shows.</summary>
    public Duration RequestTimeout { get; init; } = Duration.FromSeconds(2);
    /// <summary>How long an encoder's backup takes to take over when a fault gives no duration.</summary>
    public Duration EncoderTakeover { get; init; } = Duration.FromSeconds(10);
    /// <summary>Health-check probe timeout (Route 53: 4 s).</summary>
    public Duration HealthCheckTimeout { get; init; } = Duration.FromSeconds(4);
    /// <summary>Time for a changed answer to reach the authoritative DNS servers (assumed 5 s).</summary>
    public Duration DnsPropagation { get; init; } = Duration.FromSeconds(5);
    /// <summary>Share of resolvers that hold answers longer than their TTL (assumed 5%), and how much longer (10x).</summary>
    public Ratio StaleResolvers { get; init; } = Ratio.FromPercent(5);
    public double StaleMultiplier { get; init; } = 10;
    /// <summary>How often the runbook rules are evaluated (Prometheus evaluation_interval: 15 s).</summary>
    public Duration EvaluationInterval { get; init; } = Duration.FromSeconds(15);
    /// <summary>The window the kubelet computes pod usage over (15 s, metrics-server's FAQ).</summary>
    public Duration MetricsWindow { get; init; } = Duration.FromSeconds(15);
    /// <summary>How often the metrics pipeline scrapes (15 s, the metrics-server manifests' <c>--metric-resolution</c>).</summary>
    public Duration MetricsScrape { get; init; } = Duration.FromSeconds(15);
    /// <summary>Time for a pod to become ready after it is created.</summary>
    public Duration PodStartup { get; init; } = Duration.FromSeconds(30);

    /// <summary>Extra series to record for exporting the night as metrics (<c>matchday artifacts</c>); none when null.</summary>
    public NightMetricsRequest? Metrics { get; init; }

    /// <summary>The most sampled players a night takes (a documented limit: memory grows with them).</summary>
    public const int MaxSampledPlayers = 1_000_000;
}
