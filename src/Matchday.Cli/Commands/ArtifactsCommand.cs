using System.CommandLine;
using System.Globalization;
using Matchday.Cli.Rendering;
using Matchday.Core.Scenarios.Reading;
using Matchday.Core.Units;
using Matchday.Simulation.Artifacts;

namespace Matchday.Cli.Commands;

/// <summary>
/// <c>matchday artifacts [SCENARIO] --out-dir DIR [--force] [--set ...] [--match STAGE] [--fault SPEC ...]</c>: the
/// Prometheus rules, their unit test over the simulated night, the night as OpenMetrics, the Grafana dashboard, the
/// Kubernetes manifests, the encoder ladder and the OpenSLO document, written into one folder whole or not at all.
/// </summary>
internal static class ArtifactsCommand
{
    public static Command Create()
    {
        var command = new Command("artifacts", "Write what the platform deploys, generated from the scenario, its plan and a simulated night: Prometheus rules (burn-rate alerts from the objectives) with a promtool test over the night, the night as OpenMetrics, a Grafana dashboard, the origin's Kubernetes manifests, the encoder ladder (MediaLive, ffmpeg) and an OpenSLO document (docs/artifacts.md).");
        var inputs = new ScenarioOptions(command);
        var night = new SimulateCommand.NightOptions(command, inputs);
        var outDir = new Option<string>("--out-dir") { Description = "The folder to write (created; written whole or not at all; must be empty unless --force).", HelpName = "DIR", Required = true };
        var force = new Option<bool>("--force") { Description = "Write into a folder that already holds files (the artifacts' files are replaced)." };
        command.Add(outDir);
        command.Add(force);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var dir = parse.GetValue(outDir)!;
            OutputFiles.CheckFolder(dir, "--out-dir");
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any() && !parse.GetValue(force))
                throw new UsageException($"--out-dir {dir}: the folder is not empty; choose an empty or new folder, or add --force to replace the artifacts in it");
            OutputFiles.CheckWritable(dir, "--out-dir");
            var loaded = inputs.Load(parse);
            var result = ProgressBar.Run("simulating the night for its metrics", _ => ArtifactSet.Build(loaded.Scenario, night.Request(parse), loaded.Inputs.Describe()));
            if (!result.Ok) throw new ScenarioException(result.Errors);
            OutputFiles.WriteFolder(dir, "--out-dir", staging =>
            {
                foreach (var f in result.Files) File.WriteAllText(Path.Combine(staging, f.Name), f.Content);
            });
            var text = Renderers.Table(Summary(result, dir, loaded.Inputs), Terminal.Width(), Terminal.Color);
            Console.Out.Write(text);
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Report Summary(ArtifactSetResult r, string dir, Inputs inputs)
    {
        var files = new SectionBuilder($"Written to {dir}", "file", "size", "what");
        foreach (var f in r.Files) files.Row(f.Name, DataSize.FromBytes(System.Text.Encoding.UTF8.GetByteCount(f.Content)).ToString(), f.Description);
        var s = r.Scaling!;
        var rules = r.Rules!;
        var rulesSection = new SectionBuilder("Rules", "figure", "value")
            .Row("recording rules", rules.Records.Count().ToString(CultureInfo.InvariantCulture))
            .Row("alerting rules", rules.Alerts.Count().ToString(CultureInfo.InvariantCulture))
            .Row("origin HPA (the night ran with it)", $"{s.MinReplicas:N0}-{s.MaxReplicas:N0} pods (the scenario's: {r.Scenario!.Autoscaling.MinReplicas:N0}-{r.Scenario.Autoscaling.MaxReplicas:N0})")
            .Note("HPA: " + s.Arithmetic);
        var alerts = new SectionBuilder("Alerts Matchday expects on the night", "alert", "severity", "condition", "fires", "until");
        foreach (var e in r.Forecast!.Episodes)
            alerts.Row(e.Rule.Name, e.Rule.Labels["severity"], Condition(e.Rule), Clock(e.Start), e.End is { } end ? Clock(end) : "the end");
        if (r.Forecast.Episodes.IsEmpty) alerts.Note("None: no alert fires on this night.");
        return new Report($"Matchday artifacts: {inputs.Describe()}", [files.Build(), rulesSection.Build(), alerts.Build()]).WithInputs(inputs);
    }

    /// <summary>What the alert watches, short: <c>availability burn > 14.4x over 1h and 5m</c>, <c>latency_p95 > 0.15</c>.</summary>
    private static string Condition(Core.Artifacts.AlertingRule a) => a.Origin == Core.Artifacts.AlertOrigin.BurnRate
        ? $"{a.FiringLabels["slo"]} burn > {a.Labels["burn_rate"]}x over {a.Labels["long_window"]} and {a.Labels["short_window"]}"
        : a.Labels.TryGetValue("runbook", out var rule) ? $"runbook {rule}: {a.Annotations["summary"].Split(": ", 2)[^1]}" : a.Annotations["summary"];

    private static string Clock(double seconds)
    {
        var t = TimeSpan.FromSeconds(seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}");
    }
}
