using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Matchday.Cli.Rendering;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios.Reading;
using Matchday.Simulation.Events;
using Matchday.Simulation.Runbooks;
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
        var noRunbook = new Option<bool>("--no-runbook") { Description = "Run without the runbook's automated responses." };
        var output = new Option<string?>("--out", "-o") { Description = "Directory for series.csv, timeline.csv, summary.json and charts (PNG)." };
        var format = new Option<string>("--format", "-f") { Description = "Summary format on stdout: table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("simulate", "Simulate the match second by second: ramp, surges, ABR, autoscaling, failover, faults, runbooks; judge the SLOs.")
        {
            file, match, seed, faults, capacity, randomFaults, noRunbook, output, format,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (scenario, _, _) = ScenarioSource.Load(parse.GetValue(file));
            var stage = parse.GetValue(match);
            if (stage is not null && scenario.FindStage(stage) is null)
                throw new UsageException($"--match {stage}: no such stage in {scenario.Name}; stages: {string.Join(", ", scenario.Tournament.Stages.Select(s => s.Name))}");
            var specs = ParseFaults(parse.GetValue(faults) ?? []);
            var outDir = parse.GetValue(output);
            if (outDir is not null && File.Exists(outDir)) throw new UsageException($"--out {outDir}: is a file; give a directory");
            var options = new EventOptions
            {
                Scenario = scenario,
                Plan = Planner.Build(scenario, stage),
                Seed = parse.GetValue(seed),
                Faults = specs,
                Capacity = parse.GetValue(capacity) == "scenario" ? CapacitySource.Scenario : CapacitySource.Plan,
                RandomCdnOutagesPerHour = Math.Max(0, parse.GetValue(randomFaults)),
                Rules = parse.GetValue(noRunbook) ? [] : SeedRunbook.Rules,
            };
            EventResult result;
            try
            {
                result = RunWithProgress(options);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            if (outDir is not null) EventOutput.WriteDirectory(result, outDir);
            Console.Out.Write(parse.GetValue(format) == "json" ? JsonOutput.Serialize(EventOutput.Summary(result)) : EventOutput.Table(result, Console.IsOutputRedirected ? 160 : 120, !Console.IsOutputRedirected));
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static ImmutableArray<FaultSpec> ParseFaults(string[] texts)
    {
        var specs = ImmutableArray.CreateBuilder<FaultSpec>();
        var errors = new List<ScenarioError>();
        foreach (var text in texts)
        {
            var parsed = FaultSpecParser.Parse(text);
            if (parsed.Value is { } spec) specs.Add(spec);
            foreach (var e in parsed.Errors) errors.Add(new ScenarioError("--fault", 1, e.Column, $"\"{text}\"", e.Message));
        }
        if (errors.Count > 0) throw new ScenarioException(errors);
        return specs.ToImmutable();
    }

    private static EventResult RunWithProgress(EventOptions options)
    {
        if (Console.IsErrorRedirected) return EventSimulator.Run(options);
        EventResult? result = null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"simulating {options.Plan.Match.Stage.Name}", maxValue: 1);
                result = EventSimulator.Run(options, new Progress(task));
            });
        return result!;
    }

    private sealed class Progress(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = value;
    }

    internal static string F(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
