using System.CommandLine;
using Matchday.Cli.Rendering;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Cli.Commands;

/// <summary><c>matchday plan [FILE] --set PATH=VALUE --match STAGE --format F --out PATH --fail-on SEVERITY</c>: the capacity plan.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var command = new Command("plan", "The capacity plan: audience, delivery, origin, encoding, services, storage, cost, SLOs and the audit.");
        var inputs = new ScenarioOptions(command);
        var match = MatchOption(inputs, "Stage to plan one match of (default: the largest, e.g. final).");
        command.Add(match);
        var availability = new Option<string[]>("--availability", "-a")
        {
            Description = "Also show the error-budget burn at this availability (e.g. 99.92%); repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var ramp = new Option<bool>("--ramp") { Description = "Include the minute-by-minute ramp in table, Markdown and CSV output." };
        command.Add(availability);
        command.Add(ramp);
        var output = new OutputOptions(command, Formats.Names);
        var failOn = Gates.SeverityOption(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (format, outPath) = output.Resolve(parse);
            var loaded = inputs.Load(parse);
            var plan = Build(loaded.Scenario, parse.GetValue(match));
            foreach (var given in parse.GetValue(availability) ?? [])
            {
                var a = QuantityParser.Percent(given);
                // As the file's slos.availability: a target of 100% has no error budget to burn, 0% no availability.
                if (!a.Ok || !(a.Value.Value > 0 && a.Value.Value < 1)) throw new UsageException($"--availability {given}: {a.Error ?? "must be above 0% and below 100%"}");
                plan = plan with { Slos = plan.Slos with { Burns = plan.Slos.Burns.Add(ErrorBudgets.Burn(plan.Slos.Availability, a.Value)) } };
            }
            var report = PlanReport.Build(plan, parse.GetValue(ramp)).WithInputs(loaded.Inputs);
            var text = Formats.Render(report, format, outPath is not null, () => JsonOutput.Document("plan", loaded.Inputs, plan),
                () => TidyCsv.Write(loaded.Inputs, plan, report.NoteRows()));
            CommandRunner.Emit(text, outPath);
            return Gates.ForFindings(plan.Audit, parse.GetValue(failOn));
        }));
        return command;
    }

    /// <summary>The plan of one stage's match, or a usage error naming the stages there are.</summary>
    public static Plan Build(Scenario scenario, string? stage)
    {
        if (stage is not null && scenario.FindStage(stage) is null)
            throw new UsageException($"--match {stage}: no such stage in {scenario.Name}{Core.Text.Suggestions.Hint(stage, scenario.Tournament.Stages.Select(s => s.Name))}; stages: {string.Join(", ", scenario.Tournament.Stages.Select(s => s.Name))}");
        return Planner.Build(scenario, stage);
    }

    /// <summary><c>--match STAGE</c>, completed with the stages of the scenario on the command line.</summary>
    public static Option<string?> MatchOption(ScenarioOptions inputs, string description)
    {
        var match = new Option<string?>("--match", "-m") { Description = description, HelpName = "STAGE" };
        match.CompletionSources.Add(ctx =>
        {
            try
            {
                var scenario = ScenarioSource.Load(ctx.ParseResult.GetValue(inputs.File)).Scenario;
                return scenario.Tournament.Stages.Select(s => new System.CommandLine.Completions.CompletionItem(s.Name));
            }
            catch (Exception e) when (e is Core.Scenarios.Reading.ScenarioException or IOException)
            {
                return [];
            }
        });
        return match;
    }
}
