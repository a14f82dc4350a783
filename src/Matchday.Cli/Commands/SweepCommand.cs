using System.Collections.Immutable;
using System.CommandLine;
using Matchday.Cli.Rendering;
using Matchday.Core.Scenarios.Reading;
using Matchday.Core.Text;
using Matchday.Simulation.Sweeps;

namespace Matchday.Cli.Commands;

/// <summary>
/// <c>matchday sweep [SCENARIO] --vary PATH=FROM..TO[:STEPS] [--vary ...] [--simulate] --show FIGURES --fail-on EXPR</c>:
/// what-if sweeps of plan figures (instant) or simulated nights (in parallel), as a table, CSV, JSON and a chart.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var command = new Command("sweep", "What-if sweeps: vary scenario fields over a range or a list (a grid when several), plan each point (and simulate its night with --simulate), and show chosen figures.");
        var inputs = new ScenarioOptions(command);
        var vary = new Option<string[]>("--vary") { Description = $"A field and its values: {Variation.Shape} (quote a value holding a comma: \"1,500\"). Repeat for a grid.", HelpName = "PATH=VALUES", Required = true };
        vary.Validators.Add(r =>
        {
            foreach (var t in r.Tokens)
                if (Variation.Parse(t.Value) is { Ok: false } bad) r.AddError("--vary " + bad.Error);
        });
        var show = new Option<string[]>("--show")
        {
            Description = $"Figures to show, comma-separated (default: servers,cost; with --simulate also availability,slos-broken). One of: {string.Join(", ", SweepFigures.All.Select(f => f.Name))}.",
            HelpName = "FIGURES",
        };
        show.CompletionSources.Add([.. SweepFigures.All.Select(f => f.Name)]);
        show.Validators.Add(r =>
        {
            foreach (var name in Split(r.Tokens.Select(t => t.Value)))
                if (SweepFigures.Find(name) is null)
                    r.AddError($"--show {name}: unknown figure{Suggestions.Hint(name, SweepFigures.All.Select(f => f.Name))}; figures: {string.Join(", ", SweepFigures.All.Select(f => f.Name))}");
        });
        var simulate = new Option<bool>("--simulate") { Description = "Simulate every point's night (in parallel over the cores; each point deterministic from --seed)." };
        var failOn = new Option<string[]>("--fail-on") { Description = $"Exit 1 when a point meets this condition: {SweepGate.Shape}; repeatable.", HelpName = "EXPR" };
        failOn.Validators.Add(r =>
        {
            foreach (var t in r.Tokens)
                if (SweepGate.Parse(t.Value) is { Ok: false } bad) r.AddError("--fail-on " + bad.Error);
        });
        var chart = new Option<string?>("--chart") { Description = "Also draw the figures against the first varied field, as a PNG.", HelpName = "FILE.png" };
        var threads = CommandLine.Threads("Points run at once (default: all cores); results do not depend on it.");
        foreach (var o in new Option[] { vary, show, simulate, failOn, chart, threads }) command.Add(o);
        var night = new SimulateCommand.NightOptions(command, inputs);
        var output = new OutputOptions(command, Formats.Names);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (format, outPath) = output.Resolve(parse);
            var chartPath = parse.GetValue(chart);
            if (chartPath is not null && !chartPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--chart {chartPath}: the chart is a PNG; name the file .png");
            if (chartPath is not null) OutputFiles.CheckFile(chartPath, "--chart");
            var simulated = parse.GetValue(simulate);
            var names = Split(parse.GetValue(show) ?? []).ToList();
            if (names.Count == 0) names = simulated ? ["servers", "cost", "availability", "slos-broken"] : ["servers", "cost"];
            var gates = (parse.GetValue(failOn) ?? []).Select(t => SweepGate.Parse(t).Value!).ToImmutableArray();
            var figures = names.Select(n => SweepFigures.Find(n)!).Concat(gates.Select(g => g.Figure)).DistinctBy(f => f.Name).ToImmutableArray();
            var nightRequest = night.Request(parse);
            var (text, origin) = ScenarioSource.Text(parse.GetValue(inputs.File));
            var request = new SweepRequest
            {
                Yaml = text,
                Origin = origin,
                Fixed = inputs.Overrides(parse),
                Vary = [.. (parse.GetValue(vary) ?? []).Select(t => Variation.Parse(t).Value!)],
                Show = figures,
                Stage = nightRequest.Stage,
                Night = simulated ? nightRequest : null,
                Threads = parse.GetValue(threads),
            };
            var points = Variation.Grid(request.Vary).Length;
            var (result, errors) = ProgressBar.Run($"{points} {(simulated ? "nights" : "plans")}", p => Sweep.Run(request, p));
            if (result is null) throw new Core.Scenarios.Reading.ScenarioException(Relabel(errors, request.Vary));
            var inputsEcho = new Inputs(origin, request.Fixed);
            var data = SweepOutput.Of(result, nightRequest.Stage, simulated, gates);
            var rendered = format switch
            {
                "json" => JsonOutput.Document("sweep", inputsEcho, data),
                "csv" => SweepOutput.Csv(result),
                "markdown" => Renderers.Markdown(SweepOutput.Report(result, inputsEcho, simulated)),
                _ => Renderers.Table(SweepOutput.Report(result, inputsEcho, simulated), outPath is null ? Terminal.Width() : 160, outPath is null && Terminal.Color),
            };
            CommandRunner.Emit(rendered, outPath);
            if (chartPath is not null)
            {
                OutputFiles.WriteAtomically(chartPath, "--chart", temp => SweepOutput.Chart(result, origin, temp));
                Console.Error.WriteLine($"wrote {chartPath}");
            }
            var failed = data.Gates.Where(g => g.FailedPoints.Length > 0).ToArray();
            foreach (var g in failed)
                Console.Error.WriteLine($"gate failed: {g.Condition} at {g.FailedPoints.Length} of {result.Points.Length} point(s): {string.Join("; ", g.FailedPoints.Take(5).Select(i => string.Join(", ", result.Points[i].Values)))}{(g.FailedPoints.Length > 5 ? "; ..." : "")}");
            return failed.Length > 0 ? CommandRunner.Findings : CommandRunner.Ok;
        }));
        return command;
    }

    private static IEnumerable<string> Split(IEnumerable<string> tokens) =>
        tokens.SelectMany(t => t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    /// <summary>An error about a value a --vary gave names the --vary, not a --set.</summary>
    private static ScenarioError[] Relabel(ImmutableArray<ScenarioError> errors, ImmutableArray<Variation> vary) =>
    [
        .. errors.Select(e =>
        {
            var varied = vary.SelectMany(v => v.Overrides).FirstOrDefault(o => e.File == "--set " + o);
            return varied is null ? e : e with { File = $"--vary {vary.First(v => v.Path == varied.Path)} (the point {varied})" };
        }),
    ];
}
