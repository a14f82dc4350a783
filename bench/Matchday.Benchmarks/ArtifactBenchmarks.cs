using BenchmarkDotNet.Attributes;
using Matchday.Core.Artifacts;
using Matchday.Core.Scenarios;
using Matchday.Simulation.Artifacts;
using Matchday.Simulation.Events;

namespace Matchday.Benchmarks;

/// <summary>
/// The artifacts of the built-in final's Akamai-Europe outage night: the night simulated with its metrics recorded (the
/// latency distribution at every histogram bound, each tick), its series under the contract, the OpenMetrics text of
/// the whole night (103 series x 721 samples), Matchday's forecast of the 30 alerts and the promtool test file.
/// </summary>
[MemoryDiagnoser]
public class ArtifactBenchmarks
{
    private NightModel _model = null!;
    private EventResult _night = null!;
    private NightExport _export = null!;
    private PrometheusRules _rules = null!;
    private AlertForecast _forecast = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scenario = Presets.Load();
        _rules = AlertingRules.For(scenario);
        var request = new NightRequest
        {
            Faults = [SpecSource.Option("--fault", "cdn-outage provider=akamai region=eu at=67m for=10m")],
            Metrics = new NightMetricsRequest(MetricsContract.LatencyBounds(scenario, 2), MetricsContract.StartupBounds(scenario)),
        };
        _model = NightSetup.Compile(scenario, request).Model!;
        _night = EventSimulator.Run(_model);
        _export = NightExport.From(_night, _model);
        _forecast = AlertForecast.Run(_rules, _export);
    }

    [Benchmark]
    public EventResult NightWithMetrics() => EventSimulator.Run(_model);

    [Benchmark]
    public NightExport Series() => NightExport.From(_night, _model);

    [Benchmark]
    public long OpenMetrics()
    {
        using var w = new StringWriter();
        _export.WriteOpenMetrics(w);
        return w.GetStringBuilder().Length;
    }

    [Benchmark]
    public AlertForecast Forecast() => AlertForecast.Run(_rules, _export);

    [Benchmark]
    public int PromtoolFile() => PromtoolTest.Write(_export, _rules, _forecast, "rules.yml", "night", "").Length;
}
