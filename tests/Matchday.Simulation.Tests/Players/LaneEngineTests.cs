using System.Reflection;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Engine;
using Matchday.Simulation.Players.Engine.Rules;
using Matchday.Simulation.Players.Population;

namespace Matchday.Simulation.Tests.Players;

/// <summary>
/// The lane engine makes exactly the scalar engine's cycles: lane by lane, field by field, and population results are
/// identical with and without it, over the algorithms, modes and options it runs.
/// </summary>
public class LaneEngineTests
{
    private static readonly FieldInfo[] Fields = typeof(SessionState).GetFields(BindingFlags.Public | BindingFlags.Instance)
        .Where(f => f.FieldType.IsPrimitive || f.FieldType.IsEnum).ToArray();

    /// <summary>Every plain field and every element of the inline arrays, by name.</summary>
    private static IEnumerable<(string Field, object Value)> Flatten(SessionState s)
    {
        object boxed = s;
        foreach (var f in Fields) yield return (f.Name, f.GetValue(boxed)!);
        for (var i = 0; i < 2; i++)
        {
            yield return ($"EwThroughput[{i}]", s.EwThroughput[i]);
            yield return ($"ZeroThroughput[{i}]", s.ZeroThroughput[i]);
            yield return ($"EwLatency[{i}]", s.EwLatency[i]);
            yield return ($"ZeroLatency[{i}]", s.ZeroLatency[i]);
        }
        for (var q = 0; q < BitrateLadder.MaxRungs; q++) yield return ($"RungSegments[{q}]", s.RungSegments[q]);
        for (var k = 0; k < SessionState.RampupRing; k++) yield return ($"Rampup[{k}]", (s.RampupRung[k], s.RampupStart[k]));
        var e = s.Exo;
        yield return ("Exo", (e.First, e.Count, e.TotalWeight, e.TotalElapsed, e.TotalBytes, e.BitrateEstimate, e.Selected, e.SelectedIndex));
        for (var i = 0; i < ExoPlayerRule.MaxSamples; i++) yield return ($"Exo[{i}]", (e.Weight[i], e.Value[i]));
    }

    private static void AssertSame(SessionState expected, SessionState actual, string where)
    {
        foreach (var ((name, e), (_, a)) in Flatten(expected).Zip(Flatten(actual)))
            Assert.True(Equals(e, a), $"{where}: {name} is {a}, the scalar engine's {e}");
    }

    public static TheoryData<string, string, bool> Setups() => new()
    {
        { "dynamicdash", "live", true },
        { "dynamicdash", "vod", false },
        { "bolae", "live", true },
        { "bolae", "vod", true },
        { "throughput", "live", false },
        { "throughput", "vod", true },
        { "exoplayer", "live", true },
        { "exoplayer", "vod", false },
    };

    private static PlayerOptions Player(string abr, string mode, bool patience)
    {
        var a = abr switch { "bolae" => AbrOptions.BolaE, "throughput" => AbrOptions.Throughput, "exoplayer" => AbrOptions.ExoPlayer, _ => AbrOptions.DynamicDash };
        var o = mode == "live"
            ? PlayerOptions.Live(BitrateLadder.Default, a, Duration.FromMinutes(20))
            : PlayerOptions.Vod(BitrateLadder.Default, a, Duration.FromMinutes(20));
        return patience ? o with { ViewerAbandonment = ViewerAbandonment.KrishnanSitaraman2012 } : o;
    }

    [Theory]
    [MemberData(nameof(Setups))]
    public void Each_lanes_cycle_is_the_scalar_engines_cycle_field_for_field(string abr, string mode, bool patience)
    {
        var setup = new SessionSetup(Player(abr, mode, patience));
        Assert.True(LaneEngine.Applies(setup) || !System.Runtime.Intrinsics.X86.Avx2.IsSupported);
        if (!LaneEngine.Applies(setup)) return; // no AVX2 here: the population runs every session in the scalar engine
        var engine = new LaneEngine(setup);
        // Four sessions over four different synthetic networks (1 s periods) and real traces (varying periods and latency).
        var traces = new[]
        {
            SyntheticNetwork.Defaults[0].Generate(7, Duration.FromMinutes(30)),
            SyntheticNetwork.Defaults[2].Generate(7, Duration.FromMinutes(30), 1),
            TestTraces.LoadSet(RepoPaths.Samples("fcc-sd"))[0],
            TestTraces.LoadSet(RepoPaths.Samples("hsdpa-3g"))[1],
        };
        var sessions = 0;
        // Lane l's state on to a cycle the lanes run (a new session once one is over), as the population does.
        void Ready(int l, bool resume)
        {
            while (true)
            {
                while (SessionEngine.ToCycleStart(ref engine.States[l], setup, traces[l], resume))
                {
                    resume = true;
                    if (engine.Eligible(in engine.States[l])) { engine.Load(l, traces[l]); return; }
                }
                Assert.True(sessions < 200, "sessions keep ending before the lanes can run them");
                SessionEngine.Init(ref engine.States[l], setup, traces[l], 11, sessions++, randomStart: true);
                resume = false;
            }
        }
        for (var l = 0; l < LaneEngine.Width; l++)
        {
            SessionEngine.Init(ref engine.States[l], setup, traces[l], 11, sessions++, randomStart: true);
            Ready(l, resume: false);
        }
        int committed = 0, bailed = 0;
        for (var cycle = 0; cycle < 150; cycle++)
        {
            var expected = new SessionState[LaneEngine.Width];
            for (var l = 0; l < LaneEngine.Width; l++)
            {
                engine.Store(l);
                expected[l] = engine.States[l];
                SessionEngine.ToCycleStart(ref expected[l], setup, traces[l], resume: true);
            }
            var before = engine.States.ToArray();
            var bails = engine.Cycle();
            for (var l = 0; l < LaneEngine.Width; l++)
            {
                engine.Store(l);
                if ((bails & (1 << l)) != 0)
                {
                    // A lane that bails is left at its cycle start, for the scalar engine to make the cycle.
                    bailed++;
                    AssertSame(before[l], engine.States[l], $"cycle {cycle}, lane {l} (bailed)");
                    engine.States[l] = expected[l];
                }
                else
                {
                    committed++;
                    AssertSame(expected[l], engine.States[l], $"cycle {cycle}, lane {l}");
                }
                if (engine.Eligible(in engine.States[l])) engine.Load(l, traces[l]);
                else Ready(l, resume: true);
            }
        }
        Assert.True(committed > 500, $"{committed} lane cycles committed, {bailed} bailed");
    }

    public static TheoryData<string> Populations() =>
    [
        "dynamicdash", "bolae", "throughput", "dynamicdash vod", "bolae no-ibr", "bolae osc", "throughput no-ibr",
        "dynamicdash no-patience", "dynamicdash devices", "bolae short-segments", "dynamicdash live-window",
        "exoplayer", "exoplayer vod", "exoplayer devices",
    ];

    [Theory]
    [MemberData(nameof(Populations))]
    public void A_population_is_the_same_with_and_without_the_lanes(string config)
    {
        var words = config.Split(' ');
        var abr = words[0] switch { "bolae" => AbrOptions.BolaE, "throughput" => AbrOptions.Throughput, "exoplayer" => AbrOptions.ExoPlayer, _ => AbrOptions.DynamicDash };
        if (words.Contains("no-ibr")) abr = abr with { InsufficientBufferRule = false };
        if (words.Contains("osc")) abr = abr with { BolaOscillationMode = true };
        var ladder = words.Contains("short-segments") ? BitrateLadder.Create(Duration.FromSeconds(2), [.. BitrateLadder.Default.Rungs]) : BitrateLadder.Default;
        var player = words.Contains("vod")
            ? PlayerOptions.Vod(ladder, abr, Duration.FromMinutes(15))
            : PlayerOptions.Live(ladder, abr, Duration.FromMinutes(15));
        if (!words.Contains("no-patience")) player = player with { ViewerAbandonment = ViewerAbandonment.KrishnanSitaraman2012 };
        if (words.Contains("live-window")) player = player with { LiveWindow = Duration.FromSeconds(30) };
        if (words.Contains("devices")) player = player with { Devices = [new PlayerDevice("phone", 2, MaxRung: 1), new PlayerDevice("tv", 1, MaxRung: ladder.Rungs.Length - 1)] };
        var options = new PopulationOptions
        {
            Viewers = 1500,
            Seed = 5,
            KeepSessions = true,
            Player = player,
            Cohorts =
            [
                NetworkCohort.FromTraces("fcc-sd", 2, TestTraces.LoadSet(RepoPaths.Samples("fcc-sd"))),
                NetworkCohort.FromTraces("hsdpa-3g", 1, TestTraces.LoadSet(RepoPaths.Samples("hsdpa-3g"))),
                NetworkCohort.FromSynthetic(SyntheticNetwork.Defaults[1], 2, 5, Duration.FromMinutes(20), poolSize: 4),
                NetworkCohort.FromSynthetic(SyntheticNetwork.Defaults[3], 1, 5, Duration.FromMinutes(20), poolSize: 4),
            ],
        };
        var lanes = PopulationSimulator.Run(options, lanes: true);
        var scalar = PopulationSimulator.Run(options, lanes: false);
        Assert.Equal(scalar.SegmentDecisions, lanes.SegmentDecisions);
        Assert.Equal(scalar.Sessions.ToArray(), lanes.Sessions.ToArray());
        Assert.Equal(scalar.Overall.RungShare.ToArray(), lanes.Overall.RungShare.ToArray());
        Assert.True(scalar.SegmentDecisions > 100_000);
    }
}
