using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;

namespace Matchday.Simulation.Tests.Players;

/// <summary>
/// Reference-compatible mode against numbers produced by Sabre (UMass-LIDS/sabre, src/sabre.py at 09b03bb), run as
/// <c>python3 sabre.py -n TRACE -m cbr.json -a ABR [-noa] -v</c> where cbr.json is Sabre's example ladder
/// (230 ... 6000 kbps) with 100 constant-bitrate 3 s segments (size = bitrate x 3000 ms). "switches" was counted from the
/// verbose log (quality changes between consecutive completed downloads). See docs/players.md.
/// </summary>
public class SabreAgreementTests
{
    public static TheoryData<string, string, bool, double, double, int, double> Cases => new()
    {
        // trace, abr, abandonment, Sabre "time average played bitrate" (kbps), "rebuffer ratio", switches, "total play time" (s)
        { "fcc-sd/trace0000.json", "bolae", false, 3127.195, 0.020151, 24, 308.391 },
        { "hsdpa-3g/report.2010-09-13_1003CEST.json", "bolae", false, 1393.661, 0.0, 44, 300.637 },
        { "ghent-4g/report_bus_0001.json", "bolae", false, 5941.524, 0.0, 1, 300.039 },
        { "fcc-sd/trace0000.json", "throughput", false, 1614.091, 0.001603, 17, 302.661 },
        { "hsdpa-3g/report.2010-09-13_1003CEST.json", "throughput", false, 1059.610, 0.0, 16, 300.637 },
        { "fcc-sd/trace0000.json", "throughput", true, 1647.852, 0.008213, 19, 304.678 },
        { "fcc-sd/trace0000.json", "dynamicdash", false, 3184.745, 0.020151, 26, 308.391 },
        { "hsdpa-3g/report.2010-09-13_1003CEST.json", "dynamicdash", false, 1396.216, 0.0, 33, 300.637 },
        { "hsdpa-3g/report.2010-09-13_1003CEST.json", "dynamicdash", true, 1396.216, 0.0, 33, 300.637 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reference_mode_agrees_with_Sabre(string trace, string abr, bool abandonment, double tavgKbps, double rebufferRatio, int switches, double playSeconds)
    {
        var options = PlayerOptions.Reference(Ladders.Sabre, AbrOptions.Parse(abr) with { Abandonment = abandonment }, Duration.FromSeconds(300));
        var r = PlayerSimulator.Run(options, TestTraces.Load(RepoPaths.Samples(trace)));
        Assert.Equal(SessionOutcome.Completed, r.Outcome);
        Assert.Equal(100, r.Segments);
        Assert.Equal(tavgKbps, r.TimeAverageBitrate.Kilobits, 0.01);
        Assert.Equal(rebufferRatio, r.SabreRebufferRatio.Value, 0.00001);
        Assert.Equal(switches, r.Switches);
        Assert.Equal(playSeconds, r.SessionTime.Seconds, 0.001);
    }
}
