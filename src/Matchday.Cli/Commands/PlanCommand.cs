using System.CommandLine;
using Matchday.Cli.Rendering;
using Matchday.Core.Planning;
using Matchday.Core.Units;

namespace Matchday.Cli.Commands;

/// <summary><c>matchday plan [FILE] --match STAGE --format F --out PATH</c>: the capacity plan.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("scenario") { Description = "Scenario file, or a built-in name (default: worldcup-2022).", Arity = ArgumentArity.ZeroOrOne };
        var match = new Option<string?>("--match", "-m") { Description = "Stage to plan one match of (default: the largest, e.g. final)." };
        var availability = new Option<string[]>("--availability", "-a")
        {
            Description = "Also show the error-budget burn at this availability (e.g. 99.92%); repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var ramp = new Option<bool>("--ramp") { Description = "Include the minute-by-minute ramp in table, Markdown and CSV output." };
        var format = Formats.FormatOption();
        format.Validators.Add(r => Formats.Validate(format, r));
        var output = Formats.OutOption();
        var command = new Command("plan", "The capacity plan: audience, delivery, origin, encoding, services, storage, cost, SLOs and the audit.")
        {
            file, match, availability, ramp, format, output,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (scenario, _, _) = ScenarioSource.Load(parse.GetValue(file));
            var stage = parse.GetValue(match);
            if (stage is not null && scenario.FindStage(stage) is null)
                throw new UsageException($"--match {stage}: no such stage in {scenario.Name}; stages: {string.Join(", ", scenario.Tournament.Stages.Select(s => s.Name))}");
            var plan = Planner.Build(scenario, stage);
            foreach (var given in parse.GetValue(availability) ?? [])
            {
                var a = QuantityParser.Percent(given);
                if (!a.Ok || a.Value.Value is < 0 or > 1) throw new UsageException($"--availability {given}: {a.Error ?? "must be between 0% and 100%"}");
                plan = plan with { Slos = plan.Slos with { Burns = plan.Slos.Burns.Add(ErrorBudgets.Burn(plan.Slos.Availability, a.Value)) } };
            }
            var outPath = parse.GetValue(output);
            var text = Formats.Render(PlanReport.Build(plan, parse.GetValue(ramp)), parse.GetValue(format)!, outPath is not null, () => JsonOutput.Serialize(plan));
            CommandRunner.Emit(text, outPath);
            return CommandRunner.Ok;
        }));
        return command;
    }
}
