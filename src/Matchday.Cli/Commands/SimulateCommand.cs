using System.CommandLine;
using Matchday.Cli.Rendering;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using Matchday.Simulation.Events;

namespace Matchday.Cli.Commands;

/// <summary>
/// <c>matchday simulate [SCENARIO] --set PATH=VALUE --match final --seed S --fault SPEC --out FILE --out-dir DIR --fail-on OBJECTIVE</c>:
/// the match, second by second; exits 1 when an objective is broken (unless <c>--no-fail</c>).
/// </summary>
internal static class SimulateCommand
{
    /// <summary>The night options simulate, sweep and report share, turned into a <see cref="NightRequest"/> in one place.</summary>
    internal sealed class NightOptions
    {
        private readonly Option<string?> _match;
        private readonly Option<ulong> _seed = CommandLine.Seed("Random seed: same seed, same night.");
        private readonly Option<string[]> _faults = new("--fault") { Description = "A scheduled fault, e.g. \"cdn-outage provider=akamai region=eu at=67m for=10m\"; repeatable." };
        private readonly Option<string> _capacity = new("--capacity") { Description = "Edge capacity: plan (what the plan says to deploy) or scenario (the declared regional capacities).", DefaultValueFactory = _ => "plan" };
        private readonly Option<double?> _randomFaults = CommandLine.Number("--random-outages", "Random CDN outages per region x CDN per hour (0: none).", "a number of outages per hour, 0 to 60");
        private readonly Option<double?> _goals = CommandLine.Number("--goals-per-hour", "Random goals per hour of play; each brings a 10% wave of viewers for 3 minutes.", "a number of goals per hour, 0 to 60");
        private readonly Option<bool> _noRunbook = new("--no-runbook") { Description = "Run without the runbook's automated responses." };
        private readonly Option<string[]> _rules = new("--rule") { Description = "An extra runbook rule, e.g. \"shed: latency_p95 > 300 ms for 1 min then cap-quality 480p after 30 s\"; repeatable (docs/grammar.md)." };
        private readonly Option<int> _players = CommandLine.Count("--players", "Also run this many real player sessions (ABR over synthetic networks) across the edges for the experience verdicts (e.g. 2000 or 10k).", 0, min: 0);

        public NightOptions(Command command, ScenarioOptions inputs)
        {
            _match = PlanCommand.MatchOption(inputs, "Stage whose match to simulate (default: the largest).");
            CommandLine.OneOf(_capacity, "plan", "scenario");
            foreach (var o in new Option[] { _match, _seed, _faults, _capacity, _randomFaults, _goals, _noRunbook, _rules, _players }) command.Add(o);
        }

        public NightRequest Request(ParseResult parse) => new()
        {
            Stage = parse.GetValue(_match),
            Seed = parse.GetValue(_seed),
            Faults = [.. (parse.GetValue(_faults) ?? []).Select(t => SpecSource.Option("--fault", t))],
            Rules = [.. (parse.GetValue(_rules) ?? []).Select(t => SpecSource.Option("--rule", t))],
            ScenarioRunbook = !parse.GetValue(_noRunbook),
            Capacity = parse.GetValue(_capacity) == "scenario" ? CapacitySource.Scenario : CapacitySource.Plan,
            RandomCdnOutagesPerHour = parse.GetValue(_randomFaults) ?? 0,
            SampledPlayers = parse.GetValue(_players),
            GoalsPerHour = parse.GetValue(_goals) ?? 0,
        };
    }

    public static Command Create()
    {
        var command = new Command("simulate", "Simulate the match second by second: ramp, surges, ABR, autoscaling, failover, faults, runbooks; judge the SLOs. Exits 1 when an objective is broken.");
        var inputs = new ScenarioOptions(command);
        var night = new NightOptions(command, inputs);
        var output = new OutputOptions(command, ["table", "json", "markdown"], "Write the summary to this file (the extension sets the format: .json, .md, .txt).");
        var outDir = new Option<string?>("--out-dir") { Description = "Folder for series.csv, cells.csv, timeline.csv, summary.json and PNG charts (created; written whole or not at all).", HelpName = "DIR" };
        command.Add(outDir);
        var (failOn, noFail) = Gates.ObjectiveOptions(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (format, outPath) = output.Resolve(parse);
            var dir = parse.GetValue(outDir);
            if (dir is not null) OutputFiles.CheckFolder(dir, "--out-dir");
            var loaded = inputs.Load(parse);
            var compiled = NightSetup.Compile(loaded.Scenario, night.Request(parse));
            if (!compiled.Ok) throw new ScenarioException(compiled.Errors);
            var result = ProgressBar.Run($"simulating {compiled.Model!.Match.Stage.Name}", p => EventSimulator.Run(compiled.Model!, p));
            if (dir is not null) EventOutput.WriteDirectory(result, compiled.Model!, loaded.Inputs, dir);
            var text = format switch
            {
                "json" => JsonOutput.Document("simulate", loaded.Inputs, EventOutput.Summary(result)),
                "markdown" => Renderers.Markdown(EventOutput.Report(result, loaded.Inputs)),
                _ => Renderers.Table(EventOutput.Report(result, loaded.Inputs), outPath is null ? Terminal.Width() : 160, outPath is null && Terminal.Color),
            };
            CommandRunner.Emit(text, outPath);
            return Gates.ForNight(result, parse.GetValue(failOn), parse.GetValue(noFail));
        }));
        return command;
    }
}
