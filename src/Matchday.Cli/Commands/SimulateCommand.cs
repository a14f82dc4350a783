using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Matchday.Cli.Rendering;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
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
        var rules = new Option<string[]>("--rule") { Description = "An extra runbook rule, e.g. \"shed: latency_p95_seconds > 300ms for 1m then cap-quality 480p after 30s\"; repeatable." };
        var players = new Option<int>("--players") { Description = "Also run this many real player sessions (ABR over synthetic networks) across the edges for the experience verdicts." };
        players.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 1_000_000) r.AddError("--players must be between 0 and 1,000,000"); });
        var output = new Option<string?>("--out", "-o") { Description = "Directory for series.csv, timeline.csv, summary.json and charts (PNG)." };
        var format = new Option<string>("--format", "-f") { Description = "Summary format on stdout: table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("simulate", "Simulate the match second by second: ramp, surges, ABR, autoscaling, failover, faults, runbooks; judge the SLOs.")
        {
            file, match, seed, faults, capacity, randomFaults, noRunbook, rules, players, output, format,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (scenario, _, origin) = ScenarioSource.Load(parse.GetValue(file));
            var stage = parse.GetValue(match);
            if (stage is not null && scenario.FindStage(stage) is null)
                throw new UsageException($"--match {stage}: no such stage in {scenario.Name}; stages: {string.Join(", ", scenario.Tournament.Stages.Select(s => s.Name))}");
            var specs = ParseFaults(scenario.Faults, origin).AddRange(ParseFaults(parse.GetValue(faults) ?? []));
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
                SampledPlayers = parse.GetValue(players),
                Rules = (parse.GetValue(noRunbook) ? [] : RunbookMapping.FromScenario(scenario)).AddRange(ParseRules(parse.GetValue(rules) ?? [])),
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

    /// <summary>Fault specs written in the scenario file: errors point into the file.</summary>
    private static ImmutableArray<FaultSpec> ParseFaults(ImmutableArray<FaultText> texts, string file)
    {
        var specs = ImmutableArray.CreateBuilder<FaultSpec>();
        var errors = new List<ScenarioError>();
        for (var i = 0; i < texts.Length; i++)
        {
            var parsed = FaultSpecParser.Parse(texts[i].Text);
            if (parsed.Value is { } spec) specs.Add(spec);
            foreach (var e in parsed.Errors) errors.Add(new ScenarioError(file, texts[i].Line, texts[i].Column + e.Column - 1, $"faults[{i}]", e.Message));
        }
        if (errors.Count > 0) throw new ScenarioException(errors);
        return specs.ToImmutable();
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

    private static ImmutableArray<RunbookRule> ParseRules(string[] texts)
    {
        var result = ImmutableArray.CreateBuilder<RunbookRule>();
        var errors = new List<ScenarioError>();
        foreach (var text in texts)
        {
            var parsed = RuleParser.Parse(text);
            if (parsed.Value is { } rule) result.Add(rule);
            foreach (var e in parsed.Errors) errors.Add(new ScenarioError("--rule", 1, e.Column, $"\"{text}\"", e.Message));
        }
        if (errors.Count > 0) throw new ScenarioException(errors);
        return result.ToImmutable();
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
