namespace Matchday.Simulation.Players;

/// <summary>
/// One session's headline numbers as a compact row (SI units: s, bit/s, bytes), what a population keeps per viewer.
/// Definitions as in <see cref="SessionReport"/>; NaN where a number does not apply (no startup, VOD latency).
/// </summary>
public readonly record struct SessionMetrics
{
    /// <summary>Viewer index in the population.</summary>
    public int Index { get; init; }

    /// <summary>Network class index in the population's mix.</summary>
    public int NetworkClass { get; init; }

    /// <summary>Index of the trace within its class's set.</summary>
    public int Trace { get; init; }

    /// <summary>Device index in the mix (0 when there is no device mix).</summary>
    public int Device { get; init; }

    /// <summary>How the session ended.</summary>
    public SessionOutcome Outcome { get; init; }

    /// <summary>Join to first frame, s (NaN if it never started).</summary>
    public double StartupSeconds { get; init; }

    /// <summary>Stalls after startup.</summary>
    public int StallCount { get; init; }

    /// <summary>Stall time after startup, s.</summary>
    public double StallSeconds { get; init; }

    /// <summary>Stall / (stall + playing).</summary>
    public double RebufferRatio { get; init; }

    /// <summary>Mean ladder bitrate of played segments, bit/s (NaN if none arrived).</summary>
    public double MeanBitrate { get; init; }

    /// <summary>Bits received / session time, bit/s: the rate this viewer pulled from the CDN.</summary>
    public double PulledBitrate { get; init; }

    /// <summary>Rung switches per minute of playing time.</summary>
    public double SwitchesPerMinute { get; init; }

    /// <summary>Rung switches.</summary>
    public int Switches { get; init; }

    /// <summary>Bytes received, abandoned downloads included.</summary>
    public double BytesDelivered { get; init; }

    /// <summary>Session time, s.</summary>
    public double SessionSeconds { get; init; }

    /// <summary>Playing time, s.</summary>
    public double PlayingSeconds { get; init; }

    /// <summary>Live: mean latency to live, s (NaN for VOD).</summary>
    public double LatencyToLiveSeconds { get; init; }

    /// <summary>Sabre's time-average score (see <see cref="SessionReport.TimeAverageScore"/>).</summary>
    public double TimeAverageScore { get; init; }

    /// <summary>Sabre's rampup time, s (NaN if never reached).</summary>
    public double RampupSeconds { get; init; }

    /// <summary>Live: jumps back to the live edge after falling out of the playlist's window.</summary>
    public int LiveSkips { get; init; }

    /// <summary>Live: media jumped over by those jumps (dropped from the buffer or never fetched), s.</summary>
    public double SkippedSeconds { get; init; }

    internal static SessionMetrics From(in Engine.SessionState s, Engine.SessionSetup setup, int index = 0, int networkClass = 0, int trace = 0, int device = 0)
    {
        var end = s.Outcome == SessionOutcome.Running ? s.Now : s.EndTime;
        var stallPlusPlay = s.StallTime + s.PlayedTime;
        return new SessionMetrics
        {
            Index = index,
            NetworkClass = networkClass,
            Device = device,
            Trace = trace,
            Outcome = s.Outcome,
            StartupSeconds = s.Started ? s.StartupTime : double.NaN,
            StallCount = s.StallCount,
            StallSeconds = s.StallTime,
            RebufferRatio = stallPlusPlay > 0 ? s.StallTime / stallPlusPlay : 0,
            MeanBitrate = s.Segments > 0 ? s.SumBitrate / s.Segments : double.NaN,
            PulledBitrate = end > 0 ? s.DeliveredBits / end : 0,
            SwitchesPerMinute = s.PlayedTime > 0 ? s.Switches / (s.PlayedTime / 60) : 0,
            Switches = s.Switches,
            BytesDelivered = s.DeliveredBits / 8,
            SessionSeconds = end,
            PlayingSeconds = s.PlayedTime,
            LatencyToLiveSeconds = setup.Mode == PlayerMode.Live && s.LatCount > 0 ? s.LatSum / s.LatCount : double.NaN,
            TimeAverageScore = Score(in s, setup),
            RampupSeconds = s.RampupDone && setup.TrackRampup ? s.RampupTime : double.NaN,
            LiveSkips = s.LiveSkips,
            SkippedSeconds = s.MediaSkipped,
        };
    }

    /// <summary>Sabre: to_time_average x (played_utility - gamma_p x rebuffer_time / segment_time), to_time_average = segment / session time.</summary>
    internal static double Score(in Engine.SessionState s, Engine.SessionSetup setup)
    {
        var end = s.Outcome == SessionOutcome.Running ? s.Now : s.EndTime;
        return end > 0 ? (s.Utility - setup.GammaP * s.StallTime / setup.SegDur) * setup.SegDur / end : 0;
    }
}
