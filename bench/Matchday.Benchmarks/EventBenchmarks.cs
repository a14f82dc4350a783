using BenchmarkDotNet.Attributes;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Simulation.Events;
using Matchday.Simulation.Runbooks;

namespace Matchday.Benchmarks;

/// <summary>The whole final at full scale (1.68B peak, 10,800 one-second ticks, 20 region x CDN edges), calm and with an outage.</summary>
[MemoryDiagnoser]
public class EventBenchmarks
{
    private EventOptions _calm = null!;
    private EventOptions _outage = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scenario = Presets.Load();
        _calm = new EventOptions { Scenario = scenario, Plan = Planner.Build(scenario, "final"), Rules = RunbookMapping.FromScenario(scenario) };
        _outage = _calm with { Faults = [FaultSpecParser.Parse("cdn-outage provider=akamai region=eu at=67m for=10m").Value!] };
    }

    [Benchmark]
    public EventResult FinalCalm() => EventSimulator.Run(_calm);

    [Benchmark]
    public EventResult FinalWithOutage() => EventSimulator.Run(_outage);

    /// <summary>The calm final with 2,000 sampled player sessions (real ABR) feeding back into the edges.</summary>
    [Benchmark]
    public EventResult FinalWith2000Players() => EventSimulator.Run(_calm with { SampledPlayers = 2000 });
}
