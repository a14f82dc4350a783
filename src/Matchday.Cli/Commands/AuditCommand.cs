using System.CommandLine;
using Matchday.Cli.Rendering;
using Matchday.Core.Planning;

namespace Matchday.Cli.Commands;

/// <summary><c>matchday audit [FILE] --fail-on SEVERITY</c>: where the scenario's figures contradict each other or physics.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Check the scenario's figures against each other and against what they imply.");
        var inputs = new ScenarioOptions(command);
        var strict = new Option<bool>("--strict") { Description = "Exit with code 1 when there are errors or critical findings (the same as --fail-on error)." };
        command.Add(strict);
        var rules = new Option<bool>("--rules") { Description = "Print the catalogue of rules (Markdown, docs/audit.md) instead of auditing." };
        command.Add(rules);
        var output = new OutputOptions(command, Formats.Names);
        var failOn = Gates.SeverityOption(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (format, outPath) = output.Resolve(parse);
            if (parse.GetValue(rules))
            {
                CommandRunner.Emit(AuditDocs.Markdown(), outPath);
                return CommandRunner.Ok;
            }
            var loaded = inputs.Load(parse);
            var plan = Planner.Build(loaded.Scenario);
            var findings = plan.Audit;
            var report = new Report($"Matchday audit: {loaded.Scenario.Name}", [PlanReport.AuditSection(findings, plan.AuditNotChecked)]).WithInputs(loaded.Inputs);
            var data = new AuditOutput(loaded.Scenario.Name, [.. findings.Select(AuditOutput.Of)], plan.AuditNotChecked);
            var text = Formats.Render(report, format, outPath is not null, () => JsonOutput.Document("audit", loaded.Inputs, data), () => TidyCsv.Write(loaded.Inputs, data));
            CommandRunner.Emit(text, outPath);
            return Gates.ForFindings(findings, parse.GetValue(failOn) ?? (parse.GetValue(strict) ? "error" : null));
        }));
        return command;
    }
}
