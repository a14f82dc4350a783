using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Population;

namespace Matchday.Simulation.Events;

/// <summary>What the sampled players experienced over the match.</summary>
/// <param name="Sessions">Sampled sessions.</param>
/// <param name="StartupP95">95th percentile of join-to-first-frame, over sessions that started.</param>
/// <param name="RebufferingRatio">Stall time over stall plus playing time, all sessions together.</param>
/// <param name="SwitchesPerMinute">Rung switches per minute of playing, all sessions together.</param>
/// <param name="MeanBitrate">Mean ladder bitrate played, weighted by playing time.</param>
/// <param name="Abandoned">Sessions whose viewer gave up.</param>
public sealed record PlayerExperience(int Sessions, Duration StartupP95, Ratio RebufferingRatio, Rate SwitchesPerMinute, Bitrate MeanBitrate, int Abandoned);

/// <summary>
/// The experience side of the event simulator: a sample of real player sessions (<see cref="LivePopulation"/>) per
/// region × CDN, joining as the cohorts' viewers join there, each throughput-capped every tick by that edge's
/// per-viewer fair share (scaled down by origin and encoder failures). The cohorts carry the capacity math; the
/// sample says what viewers see (startup, rebuffering, switches).
/// </summary>
internal sealed class SampledPlayers
{
    private readonly LivePopulation[] _populations;
    private readonly double[] _owed;
    private readonly double _rate;
    private readonly Bitrate[] _caps;

    public SampledPlayers(Scenario s, int edges, int samples, double peakDemand, Duration matchLength, ulong seed)
    {
        var ladder = BitrateLadder.Create(s.Delivery.SegmentDuration, [.. s.Ladder.Rungs.Select(r => r.Bitrate).Order()]);
        var player = PlayerOptions.Live(ladder, AbrOptions.DynamicDash, matchLength + Duration.FromMinutes(1)) with { Devices = PlayerRunner.DevicesOf(s, ladder) };
        // The scenario's network-condition classes as synthetic networks: each class's typical access throughput
        // (as the audit and the fluid model take it), fluctuating log-normally with a CV of 0.5 over ~5 s.
        var cohorts = s.Audience.Networks.IsDefaultOrEmpty
            ? NetworkCohort.DefaultMix(seed, matchLength + Duration.FromMinutes(2), poolSize: 8)
            : [.. s.Audience.Networks.Select(n => NetworkCohort.FromSynthetic(
                new SyntheticNetwork(n.Name, Core.Planning.NetworkClasses.TypicalThroughput(n), 0.5, Duration.FromSeconds(5), Duration.FromMilliseconds(40), Duration.FromSeconds(1)),
                n.Share.Value, seed, matchLength + Duration.FromMinutes(2), poolSize: 8))];
        _populations = [.. Enumerable.Range(0, edges).Select(e => new LivePopulation(new LivePopulationOptions
        {
            Player = player,
            Cohorts = cohorts,
            Seed = seed ^ (0x9E3779B97F4A7C15UL * (ulong)(e + 1)),
            MaxDegreeOfParallelism = 1,
        }))];
        _owed = new double[edges];
        _rate = samples / Math.Max(1, peakDemand);
        _caps = new Bitrate[cohorts.Length];
    }

    /// <summary><paramref name="viewers"/> cohort viewers started watching through edge <paramref name="edge"/>.</summary>
    public void Joined(int edge, double viewers)
    {
        _owed[edge] += viewers * _rate;
        var whole = (int)Math.Floor(_owed[edge]);
        if (whole <= 0) return;
        _owed[edge] -= whole;
        _populations[edge].Join(whole);
    }

    /// <summary>Advances the sample of edge <paramref name="edge"/> by a tick with every viewer capped at <paramref name="cap"/>.</summary>
    /// <returns>The mean bitrate each active sampled viewer of the edge pulled during the tick, or null if none is active.</returns>
    public Bitrate? Step(int edge, Duration tick, Bitrate cap)
    {
        if (_populations[edge].Count == 0) return null;
        Array.Fill(_caps, Bitrate.Max(Bitrate.Zero, cap));
        var t = _populations[edge].Step(tick, _caps).Total;
        var active = t.Starting + t.Playing + t.Stalled;
        return active > 0 ? t.Pulled / active : null;
    }

    public PlayerExperience Summarize()
    {
        var sessions = _populations.SelectMany(p => p.Sessions()).ToList();
        var startups = sessions.Select(x => x.StartupSeconds).Where(double.IsFinite).Order().ToList();
        var p95 = startups.Count == 0 ? double.NaN : startups[Math.Min(startups.Count - 1, (int)Math.Ceiling(0.95 * startups.Count) - 1)];
        var stall = sessions.Sum(x => x.StallSeconds);
        var playing = sessions.Sum(x => x.PlayingSeconds);
        var switches = sessions.Sum(x => (double)x.Switches);
        var bitrate = playing > 0 ? sessions.Sum(x => double.IsFinite(x.MeanBitrate) ? x.MeanBitrate * x.PlayingSeconds : 0) / playing : 0;
        return new PlayerExperience(sessions.Count, Duration.FromSeconds(p95), Ratio.FromFraction(stall + playing > 0 ? stall / (stall + playing) : 0),
            Rate.FromPerMinute(playing > 0 ? switches / (playing / 60) : 0), Bitrate.FromBitsPerSecond(bitrate),
            sessions.Count(x => x.Outcome == SessionOutcome.Abandoned));
    }
}
