using BenchmarkDotNet.Attributes;
using Matchday.Core.Scenarios;
using Matchday.Simulation.Events;

namespace Matchday.Benchmarks;

/// <summary>
/// The five golden nights of the built-in final at full scale (1.68B peak, 10,800 one-second ticks, 20 region x CDN
/// edges), each compiled once and run per iteration; and the calm final with 2,000 sampled player sessions.
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
            ["players-2000"] = calm with { SampledPlayers = 2000 },
        };
        foreach (var (name, request) in requests)
            _nights[name] = NightSetup.Compile(scenario, request).Model ?? throw new InvalidOperationException(name);
    }

    [Benchmark]
    public EventResult Final() => EventSimulator.Run(_nights[Night]);
}

/// <summary>The calm final with 2,000 sampled player sessions (real ABR) feeding back into the edges.</summary>
[MemoryDiagnoser]
public class SampledPlayerNightBenchmarks
{
    private NightModel _night = null!;

    [GlobalSetup]
    public void Setup() => _night = NightSetup.Compile(Presets.Load(), new NightRequest { SampledPlayers = 2000 }).Model!;

    [Benchmark]
    public EventResult FinalWith2000Players() => EventSimulator.Run(_night);
}
