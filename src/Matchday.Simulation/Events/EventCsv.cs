using System.Globalization;
using Matchday.Core.Units;

namespace Matchday.Simulation.Events;

/// <summary>The run's series and timeline as CSV (invariant culture, base units in the headers), for files and charts.</summary>
public static class EventCsv
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// One row per <paramref name="every"/> (a multiple of the tick; 1 s when null): viewer states, egress, latency,
    /// origin, auth, then egress (Gbps) and utilization per region × CDN.
    /// </summary>
    public static void WriteTicks(EventResult result, TextWriter writer, Duration? every = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var header = "time_s,demand,playing,stalled,joining,failed,abandoned,dropout_per_s,egress_gbps,latency_p95_ms,origin_rps,origin_served,"
            + "origin_replicas,origin_ready,auth_load_per_s,auth_rejected_per_s,avg_bitrate_mbps";
        var edgeColumns = result.Edges.SelectMany(e => new[] { $"{e.Region}/{e.Cdn}_gbps", $"{e.Region}/{e.Cdn}_util" });
        writer.WriteLine(header + "," + string.Join(",", edgeColumns));
        var step = every?.Seconds ?? 0;
        var next = double.NegativeInfinity;
        foreach (var t in result.Ticks)
        {
            if (t.Time.Seconds < next) continue;
            next = t.Time.Seconds + step;
            writer.Write(string.Create(Inv, $"{t.Time.Seconds:0.###},{t.Demand:0},{t.Playing:0},{t.Stalled:0},{t.Joining:0},{t.Failed:0},{t.Abandoned:0},{t.DropoutPerSecond:0.#},"));
            writer.Write(string.Create(Inv, $"{t.Egress.Gigabits:0.###},{t.LatencyP95.Milliseconds:0.#},{t.OriginRequests.PerSecond:0},{t.OriginServed:0.####},"));
            writer.Write(string.Create(Inv, $"{t.OriginReplicas.Spec},{t.OriginReplicas.Ready},{t.Auth.Load.PerSecond:0},{t.Auth.Rejected.PerSecond:0},{t.AverageBitrate.Megabits:0.###}"));
            for (var e = 0; e < t.EdgeEgress.Length; e++)
            {
                var u = t.EdgeUtilization[e];
                writer.Write(string.Create(Inv, $",{t.EdgeEgress[e].Gigabits:0.###},{(double.IsFinite(u) ? u.ToString("0.####", Inv) : "inf")}"));
            }
            writer.WriteLine();
        }
    }

    /// <summary>The incident timeline: time, kind, text (quoted).</summary>
    public static void WriteIncidents(EventResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("time_s,kind,text");
        foreach (var e in result.Incidents)
            writer.WriteLine(string.Create(Inv, $"{e.At.Seconds:0.###},{e.Kind},\"{e.Text.Replace("\"", "\"\"", StringComparison.Ordinal)}\""));
    }
}
