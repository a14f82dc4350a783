using System.Collections.Immutable;
using System.CommandLine;
using Matchday.Cli.Rendering;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using Matchday.Simulation.Events;
using Spectre.Console;

namespace Matchday.Cli.Commands;

/// <summary><c>matchday simulate [SCENARIO] --match final --seed S --fault SPEC --out DIR</c>: the match, second by second.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("scenario") { Description = "Scenario file, or a built-in name (default: worldcup-2022).", Arity = ArgumentArity.ZeroOrOne };
        var match = new Option<string?>("--match", "-m") { Description = "Stage whose match to simulate (default: the largest)." };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Random seed: same seed, same night.", DefaultValueFactory = _ => 1 };
        var faults = new Option<string[]>("--fault") { Description = "A scheduled fault, e.g. \"cdn-outage provider=akamai region=eu at=67m for=10m\"; repeatable." };
        var capacity = new Option<string>("--capacity") { Description = "Edge capacity: plan (what the plan says to deploy) or scenario (the declared regional capacities).", DefaultValueFactory = _ => "plan" };
        capacity.AcceptOnlyFromAmong("plan", "scenario");
        var randomFaults = new Option<double>("--random-outages") { Description = "Random CDN outages per region x CDN per hour (0: none)." };
        var goals = new Option<double>("--goals-per-hour") { Description = "Random goals per hour of play; each brings a 10% wave of viewers for 3 minutes." };
        var noRunbook = new Option<bool>("--no-runbook") { Description = "Run without the runbook's automated responses." };
        var rules = new Option<string[]>("--rule") { Description = "An extra runbook rule, e.g. \"shed: latency_p95 > 300 ms for 1 min then cap-quality 480p after 30 s\"; repeatable (docs/grammar.md)." };
        var players = new Option<int>("--players") { Description = "Also run this many real player sessions (ABR over synthetic networks) across the edges for the experience verdicts." };
        var output = new Option<string?>("--out", "-o") { Description = "Directory for series.csv, timeline.csv, summary.json and charts (PNG)." };
        var format = new Option<string>("--format", "-f") { Description = "Summary format on stdout: table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("simulate", "Simulate the match second by second: ramp, surges, ABR, autoscaling, failover, faults, runbooks; judge the SLOs.")
        {
            file, match, seed, faults, capacity, randomFaults, goals, noRunbook, rules, players, output, format,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (scenario, _, _) = ScenarioSource.Load(parse.GetValue(file));
            var outDir = parse.GetValue(output);
            if (outDir is not null && File.Exists(outDir)) throw new UsageException($"--out {outDir}: is a file; give a directory");
            var request = new NightRequest
            {
                Stage = parse.GetValue(match),
                Seed = parse.GetValue(seed),
                Faults = [.. (parse.GetValue(faults) ?? []).Select(t => SpecSource.Option("--fault", t))],
                Rules = [.. (parse.GetValue(rules) ?? []).Select(t => SpecSource.Option("--rule", t))],
                ScenarioRunbook = !parse.GetValue(noRunbook),
                Capacity = parse.GetValue(capacity) == "scenario" ? CapacitySource.Scenario : CapacitySource.Plan,
                RandomCdnOutagesPerHour = parse.GetValue(randomFaults),
                SampledPlayers = parse.GetValue(players),
                GoalsPerHour = parse.GetValue(goals),
            };
            var night = NightSetup.Compile(scenario, request);
            if (!night.Ok) throw new ScenarioException(night.Errors);
            var result = RunWithProgress(night.Model!);
            if (outDir is not null) EventOutput.WriteDirectory(result, outDir);
            Console.Out.Write(parse.GetValue(format) == "json" ? JsonOutput.Serialize(EventOutput.Summary(result)) : EventOutput.Table(result, Console.IsOutputRedirected ? 160 : 120, !Console.IsOutputRedirected));
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static EventResult RunWithProgress(NightModel night)
    {
        if (Console.IsErrorRedirected) return EventSimulator.Run(night);
        EventResult? result = null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"simulating {night.Match.Stage.Name}", maxValue: 1);
                result = EventSimulator.Run(night, new Progress(task));
            });
        return result!;
    }

    private sealed class Progress(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = value;
    }

}
