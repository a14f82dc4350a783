using BenchmarkDotNet.Attributes;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Population;

namespace Matchday.Benchmarks;

// Player simulation hot paths. Each benchmark reports time per segment decision (OperationsPerInvoke = decisions per
// invocation), so 1 / Mean is segment decisions per second. Traces are synthetic (seeded) so no file is read.

/// <summary>One session, one thread: a 2-hour VOD of 2 s segments (3,600 decisions) over a synthetic 4G trace.</summary>
[MemoryDiagnoser]
public class PlayerSessionBenchmark
{
    private const int Segments = 3600;
    private PlayerOptions _options = null!;
    private NetworkTrace _trace = null!;

    [Params("throughput", "bola", "bolae", "dynamic", "dynamicdash", "bba", "dynamicdash+abandon", "exoplayer", "hlsjs", "shaka", "l2a", "avplayer")]
    public string Abr { get; set; } = "dynamicdash";

    [GlobalSetup]
    public void Setup()
    {
        var abr = Abr == "dynamicdash+abandon" ? AbrOptions.DynamicDash with { Abandonment = true } : AbrOptions.Parse(Abr);
        var ladder = BitrateLadder.Default with { SegmentDuration = Duration.FromSeconds(2) };
        _options = PlayerOptions.Vod(ladder, abr, Duration.FromSeconds(2 * Segments));
        _trace = SyntheticNetwork.Defaults[2].Generate(1, Duration.FromHours(1));
    }

    [Benchmark(OperationsPerInvoke = Segments)]
    public int Session() => PlayerSimulator.Run(_options, _trace, 7).Segments;
}

/// <summary>A population on all cores: 4,000 live viewers x 10 min of 4 s segments (600,000 decisions) over the default synthetic mix.</summary>
[MemoryDiagnoser]
public class PlayerPopulationBenchmark
{
    private const int Viewers = 4000;
    private const int Decisions = Viewers * 150;
    private PopulationOptions _options = null!;

    [Params("throughput", "bolae", "dynamicdash", "exoplayer")]
    public string Abr { get; set; } = "dynamicdash";

    [GlobalSetup]
    public void Setup() => _options = new PopulationOptions
    {
        Viewers = Viewers,
        Seed = 1,
        Player = PlayerOptions.Live(BitrateLadder.Default, AbrOptions.Parse(Abr), Duration.FromMinutes(10)),
        Cohorts = NetworkCohort.DefaultMix(1, Duration.FromMinutes(30), poolSize: 16),
    };

    [Benchmark(OperationsPerInvoke = Decisions)]
    public long Population() => PopulationSimulator.Run(_options).SegmentDecisions;
}

/// <summary>
/// What <c>matchday players --viewers 10000 --watch "2 h"</c> runs, on all cores: the built-in scenario's audience (its
/// ladder of 6 s segments, its four synthetic network classes in pools of 32 two-hour traces, its devices and players,
/// its viewers section, viewer abandonment) for a 2-hour live match. 10,000 viewers make 10,965,173 segment decisions
/// (seed 1), so time per decision is Mean / 10,965,173; the 1M-viewer run is a hundred times this one.
/// </summary>
[MemoryDiagnoser]
public class PlayerScenarioPopulationBenchmark
{
    private PlayersRun _run = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scenario = Presets.Load();
        var watch = Duration.FromHours(2);
        var (ladder, mix) = PlayerRunner.FromScenario(scenario, 1, watch);
        _run = new PlayersRun
        {
            Viewers = 10_000, Seed = 1, Ladder = ladder, RungNames = PlayerRunner.RungNamesOf(scenario), Devices = PlayerRunner.DevicesOf(scenario, ladder),
            WatchTime = watch, LiveWindow = scenario.Delivery.LiveWindow, Cohorts = mix, Behaviour = scenario.Viewers,
        };
    }

    [Benchmark]
    public long Population() => PlayerRunner.RunPopulation(_run).SegmentDecisions;
}

/// <summary>The lock-step engine: 20,000 live viewers stepped by 1 s ticks under a per-cohort cap, 60 ticks per invocation.</summary>
[MemoryDiagnoser]
public class PlayerLiveStepBenchmark
{
    private const int Ticks = 60;
    private LivePopulation _population = null!;
    private Bitrate[] _caps = null!;

    [Params(20_000)]
    public int Viewers { get; set; }

    [IterationSetup]
    public void Setup()
    {
        _population = new LivePopulation(new LivePopulationOptions
        {
            Player = PlayerOptions.Live(BitrateLadder.Default, AbrOptions.DynamicDash, Duration.FromHours(2)),
            Cohorts = NetworkCohort.DefaultMix(1, Duration.FromMinutes(30), poolSize: 16),
            Seed = 1,
        });
        _population.Join(Viewers);
        _caps = [.. Enumerable.Repeat(Bitrate.FromMegabits(5), _population.CohortCount)];
    }

    /// <summary>Per tick of all viewers.</summary>
    [Benchmark(OperationsPerInvoke = Ticks)]
    public int Step()
    {
        var playing = 0;
        for (var t = 0; t < Ticks; t++) playing += _population.Step(Duration.FromSeconds(1), _caps).Total.Playing;
        return playing;
    }
}
