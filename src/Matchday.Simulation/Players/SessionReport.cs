using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Players;

/// <summary>How a session ended.</summary>
public enum SessionOutcome : byte
{
    /// <summary>Still running (only seen in a stepped <see cref="Population.LivePopulation"/>).</summary>
    Running,

    /// <summary>All content played.</summary>
    Completed,

    /// <summary>The viewer gave up (startup delay or stalls beyond their patience).</summary>
    Abandoned,

    /// <summary>The trace delivers nothing, ever: no segment could be downloaded.</summary>
    NoThroughput,

    /// <summary>The session exceeded its time limit without finishing (e.g. a trace that almost never delivers).</summary>
    TimedOut,
}

/// <summary>The one spelling of an outcome in every output (tables, CSV, JSON): snake_case, as <c>no_throughput</c>.</summary>
public static class SessionOutcomeNames
{
    /// <summary><c>running</c>, <c>completed</c>, <c>abandoned</c>, <c>no_throughput</c> or <c>timed_out</c>.</summary>
    public static string Name(this SessionOutcome outcome) => outcome switch
    {
        SessionOutcome.Running => "running",
        SessionOutcome.Completed => "completed",
        SessionOutcome.Abandoned => "abandoned",
        SessionOutcome.NoThroughput => "no_throughput",
        SessionOutcome.TimedOut => "timed_out",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}

/// <summary>
/// One session's quality of experience. Definitions:
/// startup time = join to first frame (request latency included);
/// rebuffer ratio = stall time / (stall time + playing time), startup excluded;
/// Sabre's rebuffer ratio = stall time / session time, where session time runs from the first request to the end of playback;
/// mean bitrate = mean ladder bitrate of the segments played;
/// Sabre's time-averaged bitrate = sum of played segment bitrates x segment duration / session time;
/// a switch = two consecutive played segments at different rungs;
/// Sabre's time-average score = (played utility - gamma*p x stall time / segment duration) x segment duration / session
/// time, with utility ln(b / b0) per played segment;
/// Sabre's rampup time = when the first segment at or above the rung the network sustains starts playing.
/// </summary>
public sealed record SessionReport
{
    /// <summary>How the session ended.</summary>
    public required SessionOutcome Outcome { get; init; }

    /// <summary>Join to first frame; null if playback never started.</summary>
    public required Duration? StartupTime { get; init; }

    /// <summary>Number of stalls after startup.</summary>
    public required int StallCount { get; init; }

    /// <summary>Total stall time after startup.</summary>
    public required Duration StallTime { get; init; }

    /// <summary>Stall time / (stall time + playing time).</summary>
    public required Ratio RebufferRatio { get; init; }

    /// <summary>Sabre's definition: stall time / session time.</summary>
    public required Ratio SabreRebufferRatio { get; init; }

    /// <summary>Mean ladder bitrate of the played segments; null if none played.</summary>
    public required Bitrate? MeanBitrate { get; init; }

    /// <summary>Sabre's "time average played bitrate": played bits at ladder bitrates / session time.</summary>
    public required Bitrate TimeAverageBitrate { get; init; }

    /// <summary>Rung changes between consecutive played segments.</summary>
    public required int Switches { get; init; }

    /// <summary>Switches per minute of playing time.</summary>
    public required double SwitchesPerMinute { get; init; }

    /// <summary>Sum of |bitrate change| over switches (Sabre's "total bitrate change").</summary>
    public required Bitrate TotalBitrateChange { get; init; }

    /// <summary>Share of played segments at each rung.</summary>
    public required ImmutableArray<Ratio> RungShare { get; init; }

    /// <summary>Segments played.</summary>
    public required int Segments { get; init; }

    /// <summary>All bytes received, including abandoned downloads.</summary>
    public required DataSize BytesDelivered { get; init; }

    /// <summary>Bytes of downloads abandoned in flight.</summary>
    public required DataSize BytesWasted { get; init; }

    /// <summary>Downloads abandoned in flight.</summary>
    public required int AbandonedDownloads { get; init; }

    /// <summary>From the first request to the end of playback (or to the viewer leaving).</summary>
    public required Duration SessionTime { get; init; }

    /// <summary>Time spent playing.</summary>
    public required Duration PlayingTime { get; init; }

    /// <summary>Sabre's "total played utility": the sum over played segments of ln(bitrate / lowest bitrate).</summary>
    public required double PlayedUtility { get; init; }

    /// <summary>Sabre's "time average score": (played utility - gamma*p x stall / segment) x segment / session time.</summary>
    public required double TimeAverageScore { get; init; }

    /// <summary>Sabre's "total log bitrate change": the sum of |ln(b / b')| over switches.</summary>
    public required double TotalLogBitrateChange { get; init; }

    /// <summary>
    /// Sabre's "rampup time": the session time at which the first segment at or above the sustainable rung (or the
    /// rampup threshold) started playing; null if none did (Sabre then prints the content length), or if the buffer
    /// holds more segments than the tracker keeps.
    /// </summary>
    public Duration? RampupTime { get; init; }

    /// <summary>The player this session ran (the ABR name, or the device's player).</summary>
    public string Player { get; init; } = "";

    /// <summary>The device profile the viewer was drawn on (empty when the run has no devices).</summary>
    public string Device { get; init; } = "";

    /// <summary>The highest bitrate the device plays, when it is below the ladder's top (null: the whole ladder).</summary>
    public Bitrate? DeviceMaxBitrate { get; init; }

    /// <summary>Live: mean latency to the live edge, sampled at every segment arrival after startup; null for VOD.</summary>
    public Duration? MeanLatencyToLive { get; init; }

    /// <summary>Live: the largest sampled latency to live.</summary>
    public Duration? MaxLatencyToLive { get; init; }

    /// <summary>Live: latency to live when the session ended.</summary>
    public Duration? FinalLatencyToLive { get; init; }

    /// <summary>Live: jumps back to the live edge after the next segment left the playlist's window (<see cref="PlayerOptions.LiveWindow"/>).</summary>
    public int LiveSkips { get; init; }

    /// <summary>Live: media jumped over by those jumps, buffered or never fetched.</summary>
    public Duration SkippedMedia { get; init; }
}
