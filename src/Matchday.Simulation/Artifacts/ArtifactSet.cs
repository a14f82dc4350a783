using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Matchday.Core.Artifacts;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using Matchday.Simulation.Events;

namespace Matchday.Simulation.Artifacts;

/// <summary>One file of the artifacts: its name in the output folder and its text.</summary>
public sealed record ArtifactFile(string Name, string Description, string Content);

/// <summary>The artifacts of a scenario and one simulated night, or every located error that stopped them.</summary>
public sealed record ArtifactSetResult
{
    public ImmutableArray<ArtifactFile> Files { get; init; } = [];
    public ImmutableArray<ScenarioError> Errors { get; init; } = [];
    public bool Ok => Errors.IsEmpty;
    /// <summary>The rules written, Matchday's forecast of them on the night, and the HPA the night ran with.</summary>
    public PrometheusRules? Rules { get; init; }
    public AlertForecast? Forecast { get; init; }
    public OriginScaling? Scaling { get; init; }
    /// <summary>The scenario as written (the night ran it with <see cref="Scaling"/>'s HPA bounds).</summary>
    public Scenario? Scenario { get; init; }
    public EventResult? Night { get; init; }
    public NightModel? Model { get; init; }
    public NightExport? Export { get; init; }
}

/// <summary>
/// The one application function from a scenario to the artifacts a platform deploys (<c>matchday artifacts</c>, and any
/// other front end): the plan sizes the origin HPA; the night is simulated with that HPA and with its metrics recorded;
/// the rules, their unit test over the night, the night as OpenMetrics, the dashboard, the Kubernetes manifests, the
/// encoder ladder and the OpenSLO document are generated from the same scenario, plan and night.
/// </summary>
public static class ArtifactSet
{
    /// <summary>The file names, in the order they are written.</summary>
    public const string RulesFile = "rules.yml", TestFile = "rules.test.yml", NightFile = "night.om", ExpectedFile = "expected-alerts.csv",
        PrometheusConfig = "prometheus.yml", DashboardFile = "dashboard.json", ManifestsFile = "origin.yaml", MediaLiveFile = "medialive-channel.json",
        FfmpegFile = "ffmpeg.sh", OpenSloFile = "openslo.yaml";

    public static ArtifactSetResult Build(Scenario scenario, NightRequest request, string source)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(request);
        var stage = request.Stage is null ? scenario.Tournament.Stages.MaxBy(x => x.PeakViewers.Value) : scenario.FindStage(request.Stage);
        if (stage is null)
        {
            // Let the night's own check word the error.
            return new() { Errors = NightSetup.Compile(scenario, request).Errors };
        }
        var plan = Planner.Build(scenario, stage.Name);
        var scaling = OriginScaling.For(scenario, plan);
        // The night runs with the HPA the manifests deploy.
        var deployed = scenario with { Autoscaling = scenario.Autoscaling with { MinReplicas = scaling.MinReplicas, MaxReplicas = scaling.MaxReplicas } };
        var timeout = request.RequestTimeout.Seconds;
        var compiled = NightSetup.Compile(deployed, request with
        {
            Metrics = new NightMetricsRequest(MetricsContract.LatencyBounds(scenario, timeout), MetricsContract.StartupBounds(scenario)),
            EvaluationInterval = AlertingRules.EvaluationInterval,
        });
        if (!compiled.Ok) return new() { Errors = compiled.Errors };
        var model = compiled.Model!;
        var night = EventSimulator.Run(model);
        var rules = AlertingRules.For(scenario);
        var export = NightExport.From(night, model);
        var forecast = AlertForecast.Run(rules, export);
        var what = Describe(scenario, model, source);

        var files = new List<ArtifactFile>
        {
            new(RulesFile, "Prometheus recording and alerting rules", rules.ToYaml($"Prometheus rules for {what}, written by matchday artifacts.\nCheck: promtool check rules {RulesFile}; load with rule_files: in prometheus.yml (see {PrometheusConfig}).")),
            new(TestFile, "promtool unit test: the night's series and the alerts Matchday expects", PromtoolTest.Write(export, rules, forecast, RulesFile, $"{what}", $"promtool test rules {TestFile}: the night of {what} as input series (every 15 s),\nand the alerts Matchday computed from its own series, checked where its answer is steady for a minute either side.")),
            new(NightFile, "the night as OpenMetrics (promtool tsdb create-blocks-from openmetrics)", OpenMetrics(export)),
            new(ExpectedFile, "the alerts Matchday expects on the night, with when they start and stop", Expected(forecast)),
        };
        return new()
        {
            Files = [.. files], Scenario = scenario, Rules = rules, Forecast = forecast, Scaling = scaling, Night = night, Model = model, Export = export,
        };
    }

    /// <summary>"the final of worldcup-2022 (preset:worldcup-2022), seed 1, faults: ..."</summary>
    private static string Describe(Scenario s, NightModel m, string source)
    {
        var faults = m.FaultSpecs.Select(f => f.ToString()).ToList();
        return $"the {m.Match.Stage.Name} of {s.Name} ({source}), seed {m.Seed}, {(faults.Count == 0 ? "no faults" : "faults: " + string.Join("; ", faults))}";
    }

    private static string OpenMetrics(NightExport export)
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        export.WriteOpenMetrics(w);
        return w.ToString();
    }

    private static string Expected(AlertForecast forecast)
    {
        var sb = new StringBuilder("alert,labels,start_s,end_s\n");
        foreach (var e in forecast.Episodes)
        {
            var labels = string.Join(";", e.Rule.FiringLabels.Select(l => $"{l.Key}={l.Value}"));
            sb.Append(CultureInfo.InvariantCulture, $"{e.Rule.Name},{labels},{e.Start},{(e.End is { } end ? end.ToString(CultureInfo.InvariantCulture) : "")}\n");
        }
        return sb.ToString();
    }
}
