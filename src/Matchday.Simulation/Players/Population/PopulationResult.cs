using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Players.Population;

/// <summary>What a group of viewers (one network cohort, or everyone) experienced.</summary>
public sealed record GroupSummary
{
    /// <summary>Cohort or device name, or <c>all</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The player the group ran (a device's player, or the run's ABR); empty when the group mixes players.</summary>
    public string Player { get; init; } = "";

    /// <summary>Viewers in the group.</summary>
    public required int Viewers { get; init; }

    /// <summary>Viewers whose session completed.</summary>
    public required int Completed { get; init; }

    /// <summary>Viewers who gave up (abandonment model).</summary>
    public required int Abandoned { get; init; }

    /// <summary>Viewers whose network never delivered or who ran out of time.</summary>
    public required int Failed { get; init; }

    /// <summary>Join to first frame, s.</summary>
    public required MetricSummary StartupTime { get; init; }

    /// <summary>Stalls per session.</summary>
    public required MetricSummary StallCount { get; init; }

    /// <summary>Stall time per session, s.</summary>
    public required MetricSummary StallTime { get; init; }

    /// <summary>Stall / (stall + playing).</summary>
    public required MetricSummary RebufferRatio { get; init; }

    /// <summary>Mean played ladder bitrate per session, bit/s.</summary>
    public required MetricSummary MeanBitrate { get; init; }

    /// <summary>Bits received / session time per session, bit/s.</summary>
    public required MetricSummary PulledBitrate { get; init; }

    /// <summary>Switches per minute of playing.</summary>
    public required MetricSummary SwitchesPerMinute { get; init; }

    /// <summary>Bytes received per session.</summary>
    public required MetricSummary BytesDelivered { get; init; }

    /// <summary>Live: mean latency to live per session, s.</summary>
    public required MetricSummary LatencyToLive { get; init; }

    /// <summary>Sabre's time-average score per session.</summary>
    public required MetricSummary TimeAverageScore { get; init; }

    /// <summary>Sabre's rampup time per session, s (sessions that never reached the sustainable rung are missing).</summary>
    public required MetricSummary RampupTime { get; init; }

    /// <summary>Live: jumps back to the live edge per session (after falling out of the playlist's window).</summary>
    public required MetricSummary LiveSkips { get; init; }

    /// <summary>Live: media jumped over per session, s.</summary>
    public required MetricSummary SkippedMedia { get; init; }

    /// <summary>Share of all played segments at each rung: the effective bitrate mix.</summary>
    public required ImmutableArray<Ratio> RungShare { get; init; }

    /// <summary>Mean ladder bitrate over every segment played by the group; null when the group played none.</summary>
    public required Bitrate? PlayedBitrate { get; init; }

    /// <summary>
    /// All bits received / all session time: the average rate one watching viewer pulls from the CDN, abandoned
    /// downloads included. This, not the declared ladder mix, is the figure a capacity plan should multiply by viewers.
    /// </summary>
    public required Bitrate AveragePulledBitrate { get; init; }

    /// <summary>All data the group received.</summary>
    public required DataSize TotalDelivered { get; init; }

    /// <summary>All metrics, for generic rendering.</summary>
    public IReadOnlyList<MetricSummary> AllMetrics() =>
        [StartupTime, StallCount, StallTime, RebufferRatio, MeanBitrate, PulledBitrate, SwitchesPerMinute, BytesDelivered, LatencyToLive, TimeAverageScore, RampupTime, LiveSkips, SkippedMedia];
}

/// <summary>The result of a population run: per cohort, overall, and (if asked) every session.</summary>
public sealed record PopulationResult
{
    /// <summary>The options the run used.</summary>
    public required PopulationOptions Options { get; init; }

    /// <summary>One summary per cohort, in the options' order.</summary>
    public required ImmutableArray<GroupSummary> Cohorts { get; init; }

    /// <summary>One summary per device of the mix, in the options' order (empty without a device mix).</summary>
    public ImmutableArray<GroupSummary> Devices { get; init; } = [];

    /// <summary>Everyone.</summary>
    public required GroupSummary Overall { get; init; }

    /// <summary>Every session in viewer order, when <see cref="PopulationOptions.KeepSessions"/> is set; otherwise empty.</summary>
    public required ImmutableArray<SessionMetrics> Sessions { get; init; }

    /// <summary>Segments downloaded, one ABR decision each (re-decisions after an abandoned download are not counted).</summary>
    public required long SegmentDecisions { get; init; }
}
