using BenchmarkDotNet.Attributes;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;

namespace Matchday.Benchmarks;

/// <summary>The capacity plan end to end on the built-in scenario: read the YAML, plan every stage, cost, audit.</summary>
[MemoryDiagnoser]
public class PlanBenchmarks
{
    private string _yaml = "";
    private Scenario _scenario = null!;

    [GlobalSetup]
    public void Setup()
    {
        _yaml = Presets.Text(Presets.Default)!;
        _scenario = Presets.Load();
    }

    [Benchmark]
    public Scenario ReadScenario() => ScenarioReader.Read(_yaml, "bench.yaml").Scenario!;

    [Benchmark]
    public Plan PlanFinal() => Planner.Build(_scenario, "final");

    [Benchmark]
    public Plan ReadAndPlan() => Planner.Build(ScenarioReader.Read(_yaml, "bench.yaml").Scenario!, "final");
}
