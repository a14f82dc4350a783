using BenchmarkDotNet.Attributes;
using Matchday.Core.Scenarios;
using Matchday.Simulation.Events;

namespace Matchday.Benchmarks;

/// <summary>
/// The five golden nights of the built-in final at full scale (1.68B peak, 10,800 one-second ticks, 20 region x CDN
/// edges), each compiled once and run per iteration.
/// </summary>
[MemoryDiagnoser]
public class EventBenchmarks
{
    private readonly Dictionary<string, NightModel> _nights = [];

    [Params("calm", "akamai-eu-outage", "fastly-eu-fail-open-no-runbook", "encoder-failure", "scenario-capacity")]
    public string Night { get; set; } = "calm";

    [GlobalSetup]
    public void Setup()
    {
        var scenario = Presets.Load();
        var calm = new NightRequest();
        NightRequest Fault(string spec) => calm with { Faults = [SpecSource.Option("--fault", spec)] };
        var requests = new Dictionary<string, NightRequest>
        {
            ["calm"] = calm,
            ["akamai-eu-outage"] = Fault("cdn-outage provider=akamai region=eu at=67m for=10m"),
            ["fastly-eu-fail-open-no-runbook"] = Fault("cache-fail-open provider=fastly region=eu at=60m for=15m") with { ScenarioRunbook = false },
            ["encoder-failure"] = Fault("encoder-failure at=100m for=30s"),
            ["scenario-capacity"] = calm with { Capacity = CapacitySource.Scenario },
        };
        foreach (var (name, request) in requests)
            _nights[name] = NightSetup.Compile(scenario, request).Model ?? throw new InvalidOperationException(name);
    }

    [Benchmark]
    public EventResult Final() => EventSimulator.Run(_nights[Night]);
}

/// <summary>
/// The calm final with 1,000, 10,000 and 100,000 sampled player sessions: the fleet (as in <see cref="EventBenchmarks"/>)
/// then the sessions, each run once from its join to the whistle. Few iterations: the largest takes tens of seconds.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class SampledPlayerNightBenchmarks
{
    private NightModel _night = null!;

    [Params(1_000, 10_000, 100_000)]
    public int Players { get; set; } = 1_000;

    [GlobalSetup]
    public void Setup() => _night = NightSetup.Compile(Presets.Load(), new NightRequest { SampledPlayers = Players }).Model!;

    [Benchmark]
    public EventResult FinalWithPlayers() => EventSimulator.Run(_night);
}
