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
        var devices = m.DeviceCount;
        Dt = m.Tick.Seconds;
        Demand = new double[m.RegionCount];
        Failed = new double[m.RegionCount];
        Abandoned = new double[m.RegionCount];
        Arrivals = new double[m.RegionCount];
        Attempts = new double[m.RegionCount];
        Join = new double[cells * classes];
        Playing = new double[cells];
        Stalled = new double[cells];
        LastRung = new int[cells * devices];
        Rung = new int[devices];
        Want = new double[devices];
        WantOrder = new int[devices];
        StartupByClass = new double[classes];
        KnownDown = new bool[cells];
        PullScale = new double[cells];
        Array.Fill(PullScale, 1.0);
        LastAnswerChange = new double[m.RegionCount];
        Array.Fill(LastAnswerChange, double.NegativeInfinity);
        Dns = [.. Enumerable.Range(0, m.RegionCount).Select(_ => new DnsSteering(m.DnsCache, [.. m.CdnWeights.Select(w => w.Value)]))];
        Origins = new AutoscaledDeployment(m.OriginHpa, SeedHpa.OriginPod, m.OriginPodLifecycle, m.InitialOriginReplicas, Duration.Zero);
        Runbook = new RunbookEngine(m.Rules);
        FailedOver = new bool[m.Faults.Length];
        Edges = [.. m.Cells.Select(c => new EdgeCapacity(Math.Max(1, c.Servers), m.RequestsPerServer, Bitrate.FromBitsPerSecond(c.Capacity.BitsPerSecond / Math.Max(1, c.Servers)), m.Request.NetworkLatency, m.Request.RequestTimeout))];
        LatencyCache = new EdgeLoad[m.CellCount * (LatencySteps + 1)];
        LatencyCached = new bool[m.CellCount * (LatencySteps + 1)];
        Players = m.Request.SampledPlayers > 0
            ? new SampledPlayers(m.Scenario, cells, m.Request.SampledPlayers, m.Match.Audience.Peak.Value, Duration.FromMinutes(m.Ramp.Length), m.Seed)
            : null;
        RebalanceCurrent = new double[m.CdnCount];
        RebalanceNeed = new double[m.CdnCount];
        RebalanceJoin = new double[classes];
        EffectiveWeights = new double[m.CdnCount];
        RungViewers = new double[m.Rungs.Length];
        LatencyValue = new double[cells];
        LatencyWeight = new double[cells];
        LatencyOrder = new int[cells];
        SortedLatency = new double[cells];
        SortedWeight = new double[cells];
        Unserved = new double[cells];
        PeakUtilization = new double[cells];
        OrderWants(this, m);
    }

    public double Dt { get; }

    // Per region.
    public double[] Demand { get; }
    /// <summary>Viewers whose join was rejected and who will retry.</summary>
    public double[] Failed { get; }
    /// <summary>Viewers who gave up (some come back).</summary>
    public double[] Abandoned { get; }
    public DnsSteering[] Dns { get; }
    public double[] LastAnswerChange { get; }

    // Per cell (region × CDN), and per cell × network class for joiners (by the access network that paces their start).
    public double[] Join { get; }
    public double[] Playing { get; }
    public double[] Stalled { get; }
    public int[] LastRung { get; }
    public bool[] KnownDown { get; }
    /// <summary>What sampled players pull relative to what the device profiles ask (an EWMA fed back into the fluid; 1 without them).</summary>
    public double[] PullScale { get; }
    public EdgeCapacity[] Edges { get; }
    /// <summary>Steps of utilization the edge latency is memoized on (1/2000: the p95 moves far less than a millisecond within one).</summary>
    public const int LatencySteps = 2000;
    /// <summary>The edge's M/M/c latency per cell × utilization step, filled as the night needs it.</summary>
    public EdgeLoad[] LatencyCache { get; }
    public bool[] LatencyCached { get; }

    // The origin, the runbook and the limits its actions set.
    public AutoscaledDeployment Origins { get; }
    public RunbookEngine Runbook { get; }
    /// <summary>Per scheduled fault: an origin-region-loss whose traffic has failed over.</summary>
    public bool[] FailedOver { get; }
    public double QualityCap { get; set; } = double.PositiveInfinity;
    public bool SecondaryActive { get; set; }
    public bool AllActive { get; set; }
    public bool AnswersDirty { get; set; } = true;
    public double NextEvaluation { get; set; }
    public Queue<double> DropoutWindow { get; } = new();
    public double DropoutSum { get; set; }
    public SampledPlayers? Players { get; }
    /// <summary>The metrics the rules see, indexed by <see cref="RunbookMetric"/>.</summary>
    public double[] Metrics { get; } = new double[Enum.GetValues<RunbookMetric>().Length];
    public List<AlertTransition> Transitions { get; } = [];
    public List<ScheduledAction> DueActions { get; } = [];

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
    public double EncoderStall { get; set; }
    public double Egress { get; set; }
    public double PlayingTotal { get; set; }
    public double StalledTotal { get; set; }
    public double JoiningTotal { get; set; }
    public double EdgeRequests { get; set; }
    public double LatencyP95 { get; set; }
    public double[] RungViewers { get; }
    public double[] LatencyValue { get; }
    public double[] LatencyWeight { get; }

    // Scratch, reused every tick so the loop allocates nothing.
    public int[] Rung { get; }
    public double[] Want { get; }
    /// <summary>Device profiles in order of what they want (stable), recomputed when the quality cap changes.</summary>
    public int[] WantOrder { get; }
    public double[] StartupByClass { get; }
    public double[] RebalanceCurrent { get; }
    public double[] RebalanceNeed { get; }
    public double[] RebalanceJoin { get; }
    public double[] EffectiveWeights { get; }
    public int[] LatencyOrder { get; }
    public double[] SortedLatency { get; }
    public double[] SortedWeight { get; }

    // Accumulated over the night.
    public double[] Unserved { get; }
    public double[] PeakUtilization { get; }
    public double ServedSeconds { get; set; }
    public double DemandSeconds { get; set; }
    public double StalledSeconds { get; set; }
    public double Switches { get; set; }
    public double PeakAbandoned { get; set; }
    public StartupHistogram Startups { get; } = new();

    /// <summary>Clears this tick's flows.</summary>
    public void BeginTick()
    {
        Rejected = Dropouts = Disconnects = 0;
    }

    /// <summary>Viewers joining through cell <paramref name="k"/>, over every network class.</summary>
    public double Joining(int k)
    {
        var classes = StartupByClass.Length;
        var sum = 0.0;
        for (var j = 0; j < classes; j++) sum += Join[k * classes + j];
        return sum;
    }

    /// <summary>Puts <paramref name="viewers"/> joiners on cell <paramref name="k"/>, split over the network classes.</summary>
    public void AddJoining(int k, double viewers, NightModel m)
    {
        var classes = StartupByClass.Length;
        for (var j = 0; j < classes; j++) Join[k * classes + j] += viewers * m.NetworkShare[j].Value;
    }

    /// <summary>Device profiles sorted (stably) by what they want under the quality cap: the water-filling order.</summary>
    public static void OrderWants(NightState s, NightModel m)
    {
        var devices = m.DeviceCount;
        for (var p = 0; p < devices; p++) s.WantOrder[p] = p;
        double Want(int p) => Math.Min(m.DeviceBitrate[p].BitsPerSecond, s.QualityCap);
        for (var i = 1; i < devices; i++)
        {
            var x = s.WantOrder[i];
            var j = i - 1;
            while (j >= 0 && Want(s.WantOrder[j]) > Want(x))
            {
                s.WantOrder[j + 1] = s.WantOrder[j];
                j--;
            }
            s.WantOrder[j + 1] = x;
        }
    }
}
