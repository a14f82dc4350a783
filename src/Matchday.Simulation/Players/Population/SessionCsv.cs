using System.Globalization;

namespace Matchday.Simulation.Players.Population;

/// <summary>Writes per-session results as CSV (invariant culture, SI units in the column names).</summary>
public static class SessionCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "viewer,cohort,trace,outcome,startup_s,stall_count,stall_s,rebuffer_ratio,mean_bitrate_bps,pulled_bitrate_bps,switches,switches_per_min,bytes_delivered,session_s,playing_s,latency_to_live_s,live_skips,skipped_s";

    /// <summary>Writes the header and one line per kept session (see <see cref="PopulationOptions.KeepSessions"/>).</summary>
    public static void Write(TextWriter writer, PopulationResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        var names = result.Options.Cohorts.Select(c => c.Name).ToArray();
        writer.Write(Header + "\n");
        foreach (var s in result.Sessions) writer.Write(Line(s, names) + "\n");
    }

    /// <summary>One session as a CSV line.</summary>
    public static string Line(SessionMetrics s, IReadOnlyList<string> cohortNames)
    {
        ArgumentNullException.ThrowIfNull(cohortNames);
        var inv = CultureInfo.InvariantCulture;
        static string N(double x) => double.IsNaN(x) ? "" : x.ToString("R", CultureInfo.InvariantCulture);
        var cohort = s.NetworkClass < cohortNames.Count ? Quote(cohortNames[s.NetworkClass]) : s.NetworkClass.ToString(inv);
        return string.Join(',',
            s.Index.ToString(inv), cohort, s.Trace.ToString(inv), s.Outcome.Name(),
            N(s.StartupSeconds), s.StallCount.ToString(inv), N(s.StallSeconds), N(s.RebufferRatio), N(s.MeanBitrate),
            N(s.PulledBitrate), s.Switches.ToString(inv), N(s.SwitchesPerMinute), N(s.BytesDelivered), N(s.SessionSeconds),
            N(s.PlayingSeconds), N(s.LatencyToLiveSeconds), s.LiveSkips.ToString(inv), N(s.SkippedSeconds));
    }

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
