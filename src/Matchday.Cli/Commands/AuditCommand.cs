using System.CommandLine;
using Matchday.Cli.Rendering;
using Matchday.Core.Auditing;
using Matchday.Core.Planning;

namespace Matchday.Cli.Commands;

/// <summary><c>matchday audit [FILE]</c>: where the scenario's figures contradict each other or physics.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("scenario") { Description = "Scenario file, or a built-in name (default: worldcup-2022).", Arity = ArgumentArity.ZeroOrOne };
        var strict = new Option<bool>("--strict") { Description = "Exit with code 1 when there are errors or critical findings." };
        var format = Formats.FormatOption();
        format.Validators.Add(r => Formats.Validate(format, r));
        var output = Formats.OutOption();
        var rules = new Option<bool>("--rules") { Description = "Print the catalogue of rules (Markdown, docs/audit.md) instead of auditing." };
        var command = new Command("audit", "Check the scenario's figures against each other and against what they imply.") { file, strict, format, output, rules };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            if (parse.GetValue(rules))
            {
                CommandRunner.Emit(AuditDocs.Markdown(), parse.GetValue(output));
                return CommandRunner.Ok;
            }
            var (scenario, _, _) = ScenarioSource.Load(parse.GetValue(file));
            var plan = Planner.Build(scenario);
            var findings = plan.Audit;
            var outPath = parse.GetValue(output);
            var report = new Report($"Matchday audit: {scenario.Name}", [PlanReport.AuditSection(findings, plan.AuditNotChecked)]);
            var text = Formats.Render(report, parse.GetValue(format)!, outPath is not null, () => JsonOutput.Serialize(findings));
            CommandRunner.Emit(text, outPath);
            return parse.GetValue(strict) && findings.Any(f => f.Severity >= Severity.Error) ? CommandRunner.Findings : CommandRunner.Ok;
        }));
        return command;
    }
}
