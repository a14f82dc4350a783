using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Autoscaling;
using Matchday.Simulation.Dns;
using Matchday.Simulation.Queueing;
using Matchday.Simulation.Runbooks;

namespace Matchday.Simulation.Events;

/// <summary>
/// Everything a night changes as it runs: the viewers in each state per region and cell, the GSLB's view, the origin
/// fleet, the runbook's limits in force, and this tick's flows. Allocated once per run; the steps update it in place.
/// </summary>
internal sealed class NightState
{
    public NightState(NightModel m)
    {
        var cells = m.CellCount;
        var classes = m.NetworkCount;
        var groups = m.GroupCount;
        var rungs = m.Rungs.Length;
        Dt = m.Tick.Seconds;
        Demand = new double[m.RegionCount];
        Backoff = new BackoffPool(m.RegionCount, Dt);
        Returning = new double[m.RegionCount];
        Left = new double[m.RegionCount];
        Arrivals = new double[m.RegionCount];
        Attempts = new double[m.RegionCount];
        Join = new double[cells * classes];
        RetryJoin = new double[cells * classes * BackoffPool.Bins];
        RetryJoinAge = new double[cells * classes * BackoffPool.Bins];
        AdmittedRetries = new double[BackoffPool.Bins];
        AdmittedRetryAge = new double[BackoffPool.Bins];
        Watching = new Watchers(cells, groups, m.Scenario.Delivery.SegmentDuration.Seconds, m.Behaviour.LiveBufferSegments);
        Mix = new double[cells * groups * rungs];
        LastMix = new double[cells * groups * rungs];
        HasLastMix = new bool[cells * groups];
        GroupRate = new double[groups];
        GroupBitrate = new double[groups];
        GroupDelivery = new double[groups];
        GroupWant = new double[groups];
        GroupOrder = new int[groups];
        GroupViewers = new double[groups];
        StartupByClass = new double[classes];
        KnownDown = new bool[cells];
        OriginDelivery = new double[cells];
        Array.Fill(OriginDelivery, 1.0);
        LastAnswerChange = new double[m.RegionCount];
        Array.Fill(LastAnswerChange, double.NegativeInfinity);
        Dns = [.. Enumerable.Range(0, m.RegionCount).Select(_ => new DnsSteering(m.DnsCache, [.. m.CdnWeights.Select(w => w.Value)]))];
        Origins = new AutoscaledDeployment(m.OriginHpa, m.OriginPod, m.OriginPodLifecycle, m.InitialOriginReplicas, Duration.Zero);
        Runbook = new RunbookEngine(m.Rules);
        FailedOver = new bool[m.Faults.Length];
        FailoverNoted = new bool[m.Faults.Length];
        RegionBack = new bool[m.Faults.Length];
        FailoverTarget = new int[m.Faults.Length];
        Array.Fill(FailoverTarget, -1);
        RegionLost = new bool[m.OriginRegionShare.Length];
        OriginRegionLoad = new double[m.OriginRegionShare.Length];
        Pipeline = new MetricsPipeline(m.Ticks, m.Tick, m.Request.MetricsWindow, m.Request.MetricsScrape);
        ClearedSince = new double[m.Rules.Length];
        Array.Fill(ClearedSince, double.NaN);
        LatencyCache = new ServerDelay[m.CellCount * (LatencySteps + 1)];
        Latency = new LatencyMixture(m.ClassRttMedian, m.ClassRttP95, cells * classes * (EdgeDelay.Quantiles.Length + 1));
        LatencyCached = new bool[m.CellCount * (LatencySteps + 1)];
        Conditions = m.Request.SampledPlayers > 0 ? new CellConditions(cells, m.Ticks, Dt) : null;
        RebalanceCurrent = new double[m.CdnCount];
        RebalanceNeed = new double[m.CdnCount];
        RebalanceShares = new double[m.CdnCount];
        RebalanceJoin = new double[classes];
        RebalanceRetry = new double[classes * BackoffPool.Bins];
        RebalanceRetryAge = new double[classes * BackoffPool.Bins];
        RebalancePool = new double[Watching.PoolSize];
        EffectiveWeights = new double[m.CdnCount];
        RungViewers = new double[rungs];
        Unserved = new double[cells];
        PeakUtilization = new double[cells];
    }

    public double Dt { get; }

    // Per region.
    public double[] Demand { get; }
    /// <summary>Viewers whose join was rejected and who will retry, by how long ago they first pressed play.</summary>
    public BackoffPool Backoff { get; }
    /// <summary>Viewers who gave up and will come back.</summary>
    public double[] Returning { get; }
    /// <summary>Viewers who gave up and are gone for the match.</summary>
    public double[] Left { get; }
    public DnsSteering[] Dns { get; }
    public double[] LastAnswerChange { get; }

    // Per cell (region × CDN): joiners per network class (whose access paces their start), and the watchers by group and buffer.
    public double[] Join { get; }
    /// <summary>
    /// Of <see cref="Join"/>, the joiners admitted on a retry, per cell × class × back-off age bin, and the sum of their
    /// back-offs (viewer-seconds): their startup counts from their first press, so it adds the back-off.
    /// </summary>
    public double[] RetryJoin { get; }
    public double[] RetryJoinAge { get; }
    /// <summary>This tick's admitted retries of one region per age bin, and the sum of their back-offs (scratch).</summary>
    public double[] AdmittedRetries { get; }
    public double[] AdmittedRetryAge { get; }
    public Watchers Watching { get; }
    /// <summary>Per cell × group × rung: the share of the group's viewers on each rung this tick, and the last tick's.</summary>
    public double[] Mix { get; }
    public double[] LastMix { get; }
    public bool[] HasLastMix { get; }
    public bool[] KnownDown { get; }
    /// <summary>Per cell: the share of segments the origin path delivers in time (1 when nothing is missing).</summary>
    public double[] OriginDelivery { get; }
    /// <summary>Steps of utilization the server delay is memoized on (1/2000: its quantiles move far less than a millisecond within one).</summary>
    public const int LatencySteps = 2000;
    /// <summary>The server delay per cell × utilization step, filled as the night needs it.</summary>
    public ServerDelay[] LatencyCache { get; }
    /// <summary>This tick's time to first byte over every viewer (access round trips and what each edge adds).</summary>
    public LatencyMixture Latency { get; }
    /// <summary>What the origin's queue adds to a request that reaches it (+∞ when it is overloaded), seconds.</summary>
    public double OriginWait { get; set; }
    public double LatencyP99 { get; set; }
    public double LatencyMean { get; set; }
    /// <summary>This tick: watchers × seconds to download their next segment, summed, and the watchers.</summary>
    public double SegmentSeconds { get; set; }
    public double SegmentWeight { get; set; }
    public bool[] LatencyCached { get; }

    // The origin, the runbook and the limits its actions set.
    public AutoscaledDeployment Origins { get; }
    public RunbookEngine Runbook { get; }
    /// <summary>Per scheduled fault: an origin-region-loss whose traffic has failed over, noted in the timeline, back, and to where.</summary>
    public bool[] FailedOver { get; }
    public bool[] FailoverNoted { get; }
    public bool[] RegionBack { get; }
    public int[] FailoverTarget { get; }
    /// <summary>Per origin region this tick: lost, and the requests it is sent.</summary>
    public bool[] RegionLost { get; }
    public double[] OriginRegionLoad { get; }
    public MetricsPipeline Pipeline { get; }
    public double QualityCap { get; set; } = double.PositiveInfinity;
    public bool SecondaryActive { get; set; }
    public bool AllActive { get; set; }
    public bool AnswersDirty { get; set; } = true;
    public double NextEvaluation { get; set; }
    public Queue<double> DropoutWindow { get; } = new();
    public double DropoutSum { get; set; }
    /// <summary>What the sampled players will replay (joins and per-viewer caps per cell), when the night has any.</summary>
    public CellConditions? Conditions { get; }
    /// <summary>The tick being run (−1 before the first).</summary>
    public int TickIndex { get; set; } = -1;
    /// <summary>The metrics the rules see, indexed by <see cref="RunbookMetric"/>.</summary>
    public double[] Metrics { get; } = new double[Enum.GetValues<RunbookMetric>().Length];
    public List<AlertTransition> Transitions { get; } = [];
    public List<ScheduledAction> DueActions { get; } = [];
    /// <summary>The limits runbook actions hold, and per rule since when its condition has been clear (NaN: not clear).</summary>
    public List<HeldLimit> Limits { get; } = [];
    public double[] ClearedSince { get; }

    // This tick's flows.
    public double[] Arrivals { get; }
    public double[] Attempts { get; }
    public double AuthLoad { get; set; }
    public double AuthServed { get; set; }
    public double Rejected { get; set; }
    public double Dropouts { get; set; }
    public double Disconnects { get; set; }
    public double OriginRequests { get; set; }
    public double OriginServed { get; set; } = 1;
    /// <summary>The share of the stream the encoders deliver (1 − the share of inputs in a gap).</summary>
    public double EncoderDelivery { get; set; } = 1;
    public double Egress { get; set; }
    public double PlayingTotal { get; set; }
    public double StalledTotal { get; set; }
    public double JoiningTotal { get; set; }
    public double EdgeRequests { get; set; }
    public double LatencyP95 { get; set; }
    /// <summary>Playing viewers × the bitrate they play, summed: the mean bitrate's numerator.</summary>
    public double PlayedBits { get; set; }
    public double[] RungViewers { get; }

    // Scratch, reused every tick so the loop allocates nothing.
    /// <summary>Per group, this tick at the cell being served: download rate, bitrate played, delivery ratio, what it asks.</summary>
    public double[] GroupRate { get; }
    public double[] GroupBitrate { get; }
    public double[] GroupDelivery { get; }
    public double[] GroupWant { get; }
    public int[] GroupOrder { get; }
    public double[] GroupViewers { get; }
    public double[] StartupByClass { get; }
    public double[] RebalanceCurrent { get; }
    public double[] RebalanceNeed { get; }
    public double[] RebalanceShares { get; }
    public double[] RebalanceJoin { get; }
    public double[] RebalanceRetry { get; }
    public double[] RebalanceRetryAge { get; }
    public double[] RebalancePool { get; }
    public double[] EffectiveWeights { get; }

    // Accumulated over the night.
    public double[] Unserved { get; }
    public double[] PeakUtilization { get; }
    public double ServedSeconds { get; set; }
    public double DemandSeconds { get; set; }
    /// <summary>Viewer-seconds of those who gave up and left for good (inside <see cref="DemandSeconds"/>).</summary>
    public double LeftSeconds { get; set; }
    public double StalledSeconds { get; set; }
    public double Switches { get; set; }
    public double PeakAbandoned { get; set; }
    /// <summary>Viewers who gave up, and of them those who came back, over the night.</summary>
    public double GaveUp { get; set; }
    public double CameBack { get; set; }
    /// <summary>
    /// Every join that ended, by its startup time: started at its wait, or never (gave up while joining, or turned away
    /// by the token service and gave up instead of retrying).
    /// </summary>
    public StartupHistogram Startups { get; } = new();
    /// <summary>Joins the token service admitted, over the night.</summary>
    public double Admitted { get; set; }
    /// <summary>Viewers the token service turned away who gave up instead of retrying, over the night: they never started.</summary>
    public double TurnedAway { get; set; }

    /// <summary>Clears this tick's flows.</summary>
    public void BeginTick()
    {
        Rejected = Dropouts = Disconnects = 0;
    }

    /// <summary>Viewers who gave up in region <paramref name="r"/>: the returning share will come back, the rest are gone.</summary>
    public void GiveUp(int r, double viewers, ViewerBehaviour b)
    {
        Returning[r] += viewers * b.ReturnShare.Value;
        Left[r] += viewers * (1 - b.ReturnShare.Value);
        GaveUp += viewers;
        Dropouts += viewers;
    }

    /// <summary>Viewers joining through cell <paramref name="k"/>, over every network class.</summary>
    public double Joining(int k)
    {
        var classes = StartupByClass.Length;
        var sum = 0.0;
        for (var j = 0; j < classes; j++) sum += Join[k * classes + j];
        return sum;
    }

    /// <summary>Everyone on cell <paramref name="k"/>: joining, playing and stalled.</summary>
    public double OnCell(int k) => Joining(k) + Watching.Total(k);

    /// <summary>Puts <paramref name="viewers"/> joiners on cell <paramref name="k"/>, split over the network classes.</summary>
    public void AddJoining(int k, double viewers, NightModel m)
    {
        var classes = StartupByClass.Length;
        for (var j = 0; j < classes; j++) Join[k * classes + j] += viewers * m.NetworkShare[j].Value;
    }
}
