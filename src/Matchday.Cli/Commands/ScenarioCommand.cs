using System.CommandLine;
using Matchday.Cli.Rendering;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;

namespace Matchday.Cli.Commands;

/// <summary><c>matchday scenario show|export|validate|schema|list</c>.</summary>
internal static class ScenarioCommand
{
    public static Command Create()
    {
        var command = new Command("scenario", "Inspect, export and validate scenario files.");
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Validate());
        command.Subcommands.Add(Schema());
        command.Subcommands.Add(Docs());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Show()
    {
        var command = new Command("show", "Show a scenario's figures, read and validated.");
        var inputs = new ScenarioOptions(command);
        var output = new OutputOptions(command, Formats.Names);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (format, outPath) = output.Resolve(parse);
            var loaded = inputs.Load(parse);
            var report = ScenarioReport.Build(loaded.Scenario, loaded.Origin).WithInputs(loaded.Inputs);
            var text = Formats.Render(report, format, outPath is not null, () => JsonOutput.Document("scenario", loaded.Inputs, loaded.Scenario));
            CommandRunner.Emit(text, outPath);
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command Export()
    {
        var name = new Argument<string?>("name") { Description = "Built-in scenario to export (default: worldcup-2022).", Arity = ArgumentArity.ZeroOrOne };
        var output = OutOption();
        var command = new Command("export", "Print a built-in scenario's YAML, to start your own from: matchday scenario export > my.yaml") { name, output };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var n = parse.GetValue(name) ?? Presets.Default;
            var outPath = parse.GetValue(output);
            if (outPath is not null) OutputFiles.CheckFile(outPath, "--out");
            var text = Presets.Text(n) ?? throw new UsageException($"no built-in scenario '{n}'{Core.Text.Suggestions.Hint(n, Presets.Names)}; built-in: {string.Join(", ", Presets.Names)}");
            CommandRunner.Emit(text, outPath);
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command Validate()
    {
        var file = new Argument<string[]>("files") { Description = "Scenario files to validate.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check scenario files; prints every error with file:line:column, exits 2 if any.") { file };
        var set = new ScenarioOptions(new Command("(set)")).Set;
        command.Add(set);
        command.SetAction(parse =>
        {
            var failed = 0;
            var overrides = (parse.GetValue(set) ?? []).Select(t => Core.Scenarios.Reading.Override.Parse(t)).ToArray();
            foreach (var bad in overrides.Where(o => !o.Ok)) Console.Error.WriteLine("error: --set " + bad.Error);
            if (overrides.Any(o => !o.Ok)) return CommandRunner.BadInput;
            foreach (var path in parse.GetValue(file)!)
            {
                var code = CommandRunner.Run(() =>
                {
                    var (scenario, _, origin, _) = ScenarioSource.Load(path, [.. overrides.Select(o => o.Value!)]);
                    Console.Out.WriteLine($"{origin}: ok ({scenario.Name}: {scenario.Tournament.Stages.Length} stages, {scenario.Regions.Length} regions, {scenario.Ladder.Rungs.Length} rungs, {scenario.Delivery.Cdns.Length} CDNs)");
                    return CommandRunner.Ok;
                });
                if (code != CommandRunner.Ok) failed++;
            }
            return failed == 0 ? CommandRunner.Ok : CommandRunner.BadInput;
        });
        return command;
    }

    private static Command Schema()
    {
        var output = OutOption();
        var command = new Command("schema", "Print the JSON Schema of scenario files, for editors (yaml-language-server).") { output };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            CommandRunner.Emit(ScenarioReader.JsonSchema() + "\n", parse.GetValue(output));
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command Docs()
    {
        var output = OutOption();
        var command = new Command("docs", "Print the scenario format's field reference (Markdown), generated from the schema.") { output };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            CommandRunner.Emit(SchemaDocs.Markdown(ScenarioReader.JsonSchema()), parse.GetValue(output));
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Option<string?> OutOption() => new("--out", "-o") { Description = "Write to this file instead of stdout (written whole or not at all).", HelpName = "FILE" };

    private static Command List()
    {
        var command = new Command("list", "List the built-in scenarios.");
        command.SetAction(_ =>
        {
            foreach (var n in Presets.Names) Console.Out.WriteLine(n);
            return CommandRunner.Ok;
        });
        return command;
    }
}
