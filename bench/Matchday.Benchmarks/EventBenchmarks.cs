using BenchmarkDotNet.Attributes;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Simulation.Events;
using Matchday.Simulation.Runbooks;

namespace Matchday.Benchmarks;

/// <summary>The whole World Cup final (180 min at 1 s ticks, 1.68B peak), with no faults and with the Akamai-EU outage.</summary>
[MemoryDiagnoser]
public class EventBenchmarks
{
    private Scenario _scenario = null!;
    private Plan _plan = null!;
    private EventOptions _options = null!;

    /// <summary>No faults, or the scheduled Akamai-Europe outage.</summary>
    [Params("none", "akamai-eu")]
    public string Faults { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        _scenario = Presets.Load();
        _plan = Planner.Build(_scenario);
        _options = Faults == "none"
            ? new EventOptions()
            : new EventOptions { Faults = [FaultSpecParser.Parse("cdn-outage provider=akamai region=europe at=67m for=10m").Value!] };
    }

    [Benchmark]
    public double FullFinal() => EventSimulator.Run(_scenario, _plan, _options).Summary.Availability.Value;
}
