using Matchday.Core.Scenarios;

namespace Matchday.Simulation.Events;

/// <summary>
/// What the night's faults do at one moment, computed once per tick from the schedule so that every step reads
/// the same answer: which edges are out or fail open, how much auth capacity is left, each region's surge. One effect
/// per kind of fault; adding a kind adds a case here (or in the step the kind acts on).
/// </summary>
internal sealed class FaultView
{
    private readonly NightModel _m;

    public FaultView(NightModel m)
    {
        _m = m;
        Down = new bool[m.CellCount];
        FailOpen = new bool[m.CellCount];
        Surge = new double[m.RegionCount];
    }

    /// <summary>Edges whose CDN is out (whether or not the GSLB knows yet).</summary>
    public bool[] Down { get; }
    /// <summary>Edges whose caches fail open: every request reaches the origin.</summary>
    public bool[] FailOpen { get; }
    /// <summary>The auth service's capacity left, as a fraction.</summary>
    public double AuthFactor { get; private set; } = 1;
    /// <summary>Per region: the demand multiplier of the surges in effect.</summary>
    public double[] Surge { get; }

    /// <summary>Recomputes the view for <paramref name="t"/> seconds into the match.</summary>
    public void Update(double t)
    {
        Array.Clear(Down);
        Array.Clear(FailOpen);
        Array.Fill(Surge, 1.0);
        AuthFactor = 1;
        foreach (var f in _m.Faults)
        {
            switch (f.Kind)
            {
                case FaultKind.CdnOutage:
                    if (f.Active(t)) Mark(Down, f);
                    break;
                case FaultKind.CacheFailOpen:
                    if (f.Active(t)) Mark(FailOpen, f);
                    break;
                case FaultKind.AuthDegradation:
                    if (f.Active(t)) AuthFactor *= f.Spec.Capacity?.Value ?? 0.5;
                    break;
                case FaultKind.TrafficSurge:
                    if (t < f.Start) break;
                    // The surge's viewers arrive with a time constant and drift away the same way once it is over.
                    var tau = (f.Spec.Rise ?? _m.Behaviour.SurgeRise).Seconds;
                    var arrived = 1 - Math.Exp(-(Math.Min(t, f.End) - f.Start) / tau);
                    if (t > f.End) arrived *= Math.Exp(-(t - f.End) / tau);
                    var factor = 1 + ((f.Spec.Factor ?? 1.2) - 1) * arrived;
                    for (var r = 0; r < Surge.Length; r++)
                    {
                        if (f.Region < 0 || f.Region == r) Surge[r] *= factor;
                    }
                    break;
                case FaultKind.EncoderFailure:
                    break; // the encoder step follows the gap in the stream and the players' buffers
                case FaultKind.OriginRegionLoss:
                    break; // the origin step follows its failover (detection, DNS, the standby's activation)
            }
        }
    }

    private static void Mark(bool[] cells, ScheduledFault f)
    {
        for (var k = 0; k < cells.Length; k++) cells[k] |= f.Cells[k];
    }
}
