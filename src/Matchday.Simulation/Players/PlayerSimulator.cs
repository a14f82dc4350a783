using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players.Engine;

namespace Matchday.Simulation.Players;

/// <summary>Runs one player session over one network trace: the single-session entry point (compare with Sabre).</summary>
public static class PlayerSimulator
{
    /// <summary>
    /// Simulates a whole session. In <see cref="PlayerMode.Reference"/> mode, or when <paramref name="seed"/> is null, the
    /// trace is replayed from its start; otherwise the seed picks a random start point in the trace (and the live phase,
    /// viewer patience and device). <paramref name="log"/>, when given, receives every download and wait.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    public static SessionReport Run(PlayerOptions options, NetworkTrace trace, ulong? seed = null, SessionLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var plan = new SessionPlan(options);
        var device = plan.Draw(seed ?? 0, 0);
        var setup = plan.Setups[device];
        var state = new SessionState();
        var randomStart = seed is not null && options.Mode != PlayerMode.Reference;
        SessionEngine.Init(ref state, setup, trace, seed ?? 0, 0, randomStart, plan.RungCaps[device]);
        SessionEngine.Advance(ref state, setup, trace, double.PositiveInfinity, double.PositiveInfinity, log);
        var cap = plan.RungCaps[device];
        return ToReport(in state, setup) with
        {
            Player = plan.Players[device],
            Device = plan.Names[device],
            // The device's screen limits the session only when it stops below the ladder's top.
            DeviceMaxBitrate = cap < options.Ladder.Rungs.Length - 1 ? options.Ladder.Rungs[cap] : null,
        };
    }

    internal static SessionReport ToReport(in SessionState s, SessionSetup setup)
    {
        var end = s.Outcome == SessionOutcome.Running ? s.Now : s.EndTime;
        var shares = ImmutableArray.CreateBuilder<Ratio>(setup.LadderRungs);
        for (var q = 0; q < setup.LadderRungs; q++)
            shares.Add(Ratio.FromFraction(s.Segments == 0 ? 0 : (double)s.RungSegments[q] / s.Segments));
        var live = setup.Mode == PlayerMode.Live;
        var metrics = SessionMetrics.From(in s, setup);
        return new SessionReport
        {
            Outcome = s.Outcome,
            StartupTime = s.Started ? Duration.FromSeconds(s.StartupTime) : null,
            StallCount = s.StallCount,
            StallTime = Duration.FromSeconds(s.StallTime),
            RebufferRatio = Ratio.FromFraction(metrics.RebufferRatio),
            SabreRebufferRatio = Ratio.FromFraction(end > 0 ? s.StallTime / end : 0),
            MeanBitrate = s.Segments > 0 ? Bitrate.FromBitsPerSecond(metrics.MeanBitrate) : null,
            TimeAverageBitrate = Bitrate.FromBitsPerSecond(end > 0 ? s.SumBitrate * setup.SegDur / end : 0),
            Switches = s.Switches,
            SwitchesPerMinute = metrics.SwitchesPerMinute,
            TotalBitrateChange = Bitrate.FromBitsPerSecond(s.BitrateChange),
            RungShare = shares.MoveToImmutable(),
            Segments = s.Segments,
            BytesDelivered = DataSize.FromBytes(s.DeliveredBits / 8),
            BytesWasted = DataSize.FromBytes(s.WastedBits / 8),
            AbandonedDownloads = s.Abandons,
            SessionTime = Duration.FromSeconds(end),
            PlayingTime = Duration.FromSeconds(s.PlayedTime),
            PlayedUtility = s.Utility,
            TimeAverageScore = metrics.TimeAverageScore,
            TotalLogBitrateChange = s.LogBitrateChange,
            RampupTime = double.IsNaN(metrics.RampupSeconds) ? null : Duration.FromSeconds(metrics.RampupSeconds),
            MeanLatencyToLive = live && s.LatCount > 0 ? Duration.FromSeconds(s.LatSum / s.LatCount) : null,
            MaxLatencyToLive = live && s.LatCount > 0 ? Duration.FromSeconds(s.LatMax) : null,
            // A viewer who never started has no latency to live to report (the join's target is not one).
            FinalLatencyToLive = live && s.Outcome != SessionOutcome.Running && s.Started ? Duration.FromSeconds(s.LatLast) : null,
            LiveSkips = s.LiveSkips,
            SkippedMedia = Duration.FromSeconds(s.MediaSkipped),
        };
    }
}
