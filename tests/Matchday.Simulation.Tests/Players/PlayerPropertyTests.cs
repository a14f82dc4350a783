using CsCheck;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;

namespace Matchday.Simulation.Tests.Players;

public class PlayerPropertyTests
{
    private static readonly Gen<AbrOptions> Abr = Gen.OneOfConst(AbrOptions.Throughput, AbrOptions.BolaE, AbrOptions.DynamicDash, AbrOptions.Fixed(2),
        AbrOptions.DynamicDash with { Abandonment = true }, AbrOptions.BolaE with { Abandonment = true });

    private static readonly Gen<NetworkTrace> Trace =
        Gen.Select(Gen.Double[0.05, 50].Array[1, 8], Gen.Double[0.5, 20], Gen.Int[0, 150],
            (rates, period, latencyMs) => new NetworkTrace("gen", [.. rates.Select(r => new TracePeriod(Duration.FromSeconds(period), Bitrate.FromMegabits(r), Duration.FromMilliseconds(latencyMs)))]));

    private static readonly Gen<PlayerMode> Mode = Gen.OneOfConst(PlayerMode.Live, PlayerMode.Vod, PlayerMode.Reference);

    private static PlayerOptions Options(PlayerMode mode, AbrOptions abr) => mode switch
    {
        PlayerMode.Live => PlayerOptions.Live(BitrateLadder.Default, abr, Duration.FromMinutes(2)),
        PlayerMode.Vod => PlayerOptions.Vod(BitrateLadder.Default, abr, Duration.FromMinutes(2)),
        _ => PlayerOptions.Reference(BitrateLadder.Default, abr, Duration.FromMinutes(2)),
    };

    [Fact]
    public void Every_session_completes_with_consistent_metrics()
    {
        Gen.Select(Mode, Abr, Trace, Gen.ULong).Sample((mode, abr, trace, seed) =>
        {
            var r = PlayerSimulator.Run(Options(mode, abr), trace, seed);
            // 2 min of 4 s segments = 30 segments; every played segment is a rung of the ladder
            return r.Outcome == SessionOutcome.Completed
                && r.Segments == 30
                && r.RebufferRatio.Value is >= 0 and < 1
                && Math.Abs(r.RungShare.Sum(x => x.Value) - 1) < 1e-9
                && r.MeanBitrate >= BitrateLadder.Default.Rungs[0] && r.MeanBitrate <= BitrateLadder.Default.Rungs[^1]
                && r.BytesDelivered.Bytes >= 30 * 0.4e6 * 4 / 8 - 1e-6
                && Math.Abs(r.SessionTime.Seconds - (r.StartupTime!.Value.Seconds + r.PlayingTime.Seconds + r.StallTime.Seconds)) < 1e-6
                && Math.Abs(r.PlayingTime.Seconds - 120) < 1e-6;
        }, iter: 300);
    }

    [Fact]
    public void More_throughput_never_means_more_stalling_at_a_fixed_rung()
    {
        // With a fixed rung, a faster constant link can only shorten stalls.
        Gen.Select(Gen.Double[0.1, 3], Gen.Double[1.01, 3]).Sample((mbps, factor) =>
        {
            var options = PlayerOptions.Reference(BitrateLadder.Default, AbrOptions.Fixed(3), Duration.FromMinutes(1)) with { MaxSessionTime = Duration.FromDays(1) };
            var slow = PlayerSimulator.Run(options, Ladders.Constant(mbps));
            var fast = PlayerSimulator.Run(options, Ladders.Constant(mbps * factor));
            return fast.StallTime.Seconds <= slow.StallTime.Seconds + 1e-9;
        }, iter: 100);
    }
}
