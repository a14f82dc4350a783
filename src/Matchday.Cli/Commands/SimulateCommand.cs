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
        var goals = new Option<double>("--goals-per-hour") { Description = "Random goals per hour of play; each brings a 10% wave of viewers for 3 minutes." };
        var noRunbook = new Option<bool>("--no-runbook") { Description = "Run without the runbook's automated responses." };
        var rules = new Option<string[]>("--rule") { Description = "An extra runbook rule, e.g. \"shed: latency_p95_seconds > 300ms for 1m then cap-quality 480p after 30s\"; repeatable." };
        var players = new Option<int>("--players") { Description = "Also run this many real player sessions (ABR over synthetic networks) across the edges for the experience verdicts." };
        players.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 1_000_000) r.AddError("--players must be between 0 and 1,000,000"); });
        var output = new Option<string?>("--out", "-o") { Description = "Directory for series.csv, timeline.csv, summary.json and charts (PNG)." };
        var format = new Option<string>("--format", "-f") { Description = "Summary format on stdout: table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("simulate", "Simulate the match second by second: ramp, surges, ABR, autoscaling, failover, faults, runbooks; judge the SLOs.")
        {
            file, match, seed, faults, capacity, randomFaults, goals, noRunbook, rules, players, output, format,
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
                GoalsPerHour = Math.Max(0, parse.GetValue(goals)),
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

    /// <summary>A one-line spec and where it was written: a scenario file's line and column, or an option.</summary>
    private sealed record SpecSource(string Text, string File, int Line, int Column, string Field);

    /// <summary>
    /// Parses one-line specs (faults, rules) with the simulator's parsers, which never throw; every error of every
    /// spec is reported at once, located in the file or the option it came from.
    /// </summary>
    private static ImmutableArray<T> ParseSpecs<T>(IEnumerable<SpecSource> sources, Func<string, SpecParseResult<T>> parse) where T : class
    {
        var result = ImmutableArray.CreateBuilder<T>();
        var errors = new List<ScenarioError>();
        foreach (var source in sources)
        {
            var parsed = parse(source.Text);
            if (parsed.Value is { } value) result.Add(value);
            foreach (var e in parsed.Errors) errors.Add(new ScenarioError(source.File, source.Line, source.Column + e.Column - 1, source.Field, e.Message));
        }
        if (errors.Count > 0) throw new ScenarioException(errors);
        return result.ToImmutable();
    }

    private static ImmutableArray<FaultSpec> ParseFaults(ImmutableArray<FaultText> texts, string file) =>
        ParseSpecs(texts.Select((t, i) => new SpecSource(t.Text, file, t.Line, t.Column, $"faults[{i}]")), FaultSpecParser.Parse);

    private static ImmutableArray<FaultSpec> ParseFaults(string[] texts) =>
        ParseSpecs(texts.Select(t => new SpecSource(t, "--fault", 1, 1, $"\"{t}\"")), FaultSpecParser.Parse);

    private static ImmutableArray<RunbookRule> ParseRules(string[] texts) =>
        ParseSpecs(texts.Select(t => new SpecSource(t, "--rule", 1, 1, $"\"{t}\"")), RuleParser.Parse);

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
