using System.CommandLine;
using Matchday.Cli.Rendering;
using Matchday.Core.Scenarios.Reading;
using Matchday.Simulation.Events;

namespace Matchday.Cli.Commands;

/// <summary>
/// <c>matchday report [SCENARIO] [--fault ...] --out report.html</c>: the plan, the audit and one simulated night in
/// one self-contained HTML file, for people who will not run a CLI.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "Write one self-contained HTML file to share: the plan's headline and sections, the audit, the night's interactive charts, the verdicts and the incident timeline.");
        var inputs = new ScenarioOptions(command);
        var night = new SimulateCommand.NightOptions(command, inputs);
        var output = new Option<string>("--out", "-o") { Description = "The HTML file to write (written whole or not at all).", HelpName = "FILE.html", Required = true };
        command.Add(output);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var outPath = parse.GetValue(output)!;
            OutputFiles.CheckFile(outPath, "--out");
            if (!outPath.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && !outPath.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--out {outPath}: the report is HTML; name the file .html");
            var loaded = inputs.Load(parse);
            var compiled = NightSetup.Compile(loaded.Scenario, night.Request(parse));
            if (!compiled.Ok) throw new ScenarioException(compiled.Errors);
            var model = compiled.Model!;
            var result = ProgressBar.Run($"simulating {model.Match.Stage.Name}", p => EventSimulator.Run(model, p));
            var plan = PlanCommand.Build(loaded.Scenario, model.Match.Stage.Name);
            CommandRunner.Emit(HtmlReport.Build(plan, result, model, loaded.Inputs), outPath);
            return CommandRunner.Ok;
        }));
        return command;
    }
}
