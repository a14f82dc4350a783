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
        var (renditions, ladderErrors) = EncoderLadder.Renditions(scenario);
        if (!ladderErrors.IsEmpty)
            return new() { Errors = [.. ladderErrors.Select(e => Located(scenario, source, e.Field, e.Message))] };
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
            new(PrometheusConfig, "a Prometheus configuration that loads the rules and scrapes the contract's exporters", Config(scenario)),
            new(DashboardFile, "Grafana dashboard (import it; its time range is the night's)", GrafanaDashboard.Json(scenario, rules, NightExport.Epoch, NightExport.Epoch.AddSeconds(export.Ticks * export.Dt))),
            new(ManifestsFile, "origin Deployment, Service, HPA (autoscaling/v2) and PodDisruptionBudget", KubernetesManifests.Yaml(KubernetesManifests.Build(model, scaling),
                $"The origin of {scenario.Name}, written by matchday artifacts: kubectl apply -f {ManifestsFile} (namespace {MetricsContract.Namespace(scenario)}: kubectl create namespace {MetricsContract.Namespace(scenario)} first).\nHPA from the plan: {scaling.Arithmetic}.")),
            new(MediaLiveFile, "AWS Elemental MediaLive channel: a video description and HLS output per rung", EncoderLadder.MediaLiveJson(scenario, renditions)),
            new(FfmpegFile, "one ffmpeg command per input, producing the whole ladder as HLS", EncoderLadder.FfmpegScript(scenario, renditions,
                $"The ladder of {scenario.Name} as HLS, one ffmpeg per input, written by matchday artifacts.\nINPUT_1=rtmp://... [INPUT_2=...] OUT=hls sh {FfmpegFile}")),
            new(OpenSloFile, "the objectives as OpenSLO v1 (Service, SLIs, SLOs, burn-rate alert conditions and policies)", OpenSlo.Yaml(scenario, $"The objectives of {scenario.Name} in OpenSLO v1, written by matchday artifacts.")),
        };
        return new()
        {
            Files = [.. files], Scenario = scenario, Rules = rules, Forecast = forecast, Scaling = scaling, Night = night, Model = model, Export = export,
        };
    }

    private static ScenarioError Located(Scenario s, string source, string field, string message)
    {
        // file:line:col when the scenario was read from a file; the field alone for a built-in scenario.
        var at = s.Source.Locate(field);
        if (at is not null && at.StartsWith("--set ", StringComparison.Ordinal)) return new ScenarioError(at, 0, 0, field, message);
        if (at is not null && at.Split(':') is { Length: >= 3 } parts && int.TryParse(parts[^2], out var line) && int.TryParse(parts[^1], out var col))
            return new ScenarioError(string.Join(':', parts[..^2]), line, col, field, message);
        return new ScenarioError(source, 0, 0, field, message);
    }

    /// <summary>A Prometheus configuration for the live platform: the rules, and scrape jobs for the contract's exporters (placeholders).</summary>
    private static string Config(Scenario s) =>
        $"# Prometheus configuration for {s.Name}, written by matchday artifacts: evaluation every 15 s, as the rules expect.\n" +
        "# The scrape targets are placeholders: point them at the exporters of the metrics contract (docs/artifacts.md).\n" +
        "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n" +
        $"rule_files:\n  - {RulesFile}\n" +
        "scrape_configs:\n" +
        "  - job_name: streaming-edge\n    static_configs:\n      - targets: ['edge-exporter:9100']\n" +
        "  - job_name: streaming-origin\n    static_configs:\n      - targets: ['origin-exporter:9113']\n" +
        "  - job_name: kube-state-metrics\n    static_configs:\n      - targets: ['kube-state-metrics:8080']\n";

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
