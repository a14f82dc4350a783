using System.CommandLine;
using Matchday.Cli.Rendering;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using Matchday.Core.Text;

namespace Matchday.Cli.Commands;

/// <summary><c>matchday schema plan|audit|simulate|sweep|diff|players|players-reference|scenario</c>: the JSON Schema of each command's JSON output.</summary>
internal static class SchemaCommand
{
    /// <summary>Each output kind, its title, and its schema (generated from the types the command serializes).</summary>
    public static readonly (string Kind, Func<string> Schema)[] Kinds =
    [
        ("plan", () => JsonOutput.Schema<Plan>("plan", "matchday plan --format json")),
        ("audit", () => JsonOutput.Schema<AuditOutput>("audit", "matchday audit --format json")),
        ("simulate", () => JsonOutput.Schema<EventOutput.SummaryDto>("simulate", "matchday simulate --format json, and summary.json of --out-dir")),
        ("sweep", () => JsonOutput.Schema<SweepOutput>("sweep", "matchday sweep --format json")),
        ("diff", () => JsonOutput.Schema<DiffOutput>("diff", "matchday diff --format json")),
        ("players", () => JsonOutput.Schema<PlayersOutput>("players", "matchday players --format json")),
        ("players-session", () => JsonOutput.Schema<Simulation.Players.SessionReport>("players-session", "matchday players --trace FILE --format json")),
        ("players-reference", () => JsonOutput.Schema<PlayersReferenceOutput>("players-reference", "matchday players --mode reference --traces DIR --format json")),
        ("scenario-show", () => JsonOutput.Schema<Scenario>("scenario", "matchday scenario show --format json")),
        ("scenario", ScenarioReader.JsonSchema),
    ];

    public static Command Create()
    {
        var names = Kinds.Select(k => k.Kind).ToArray();
        var kind = new Argument<string>("output") { Description = $"Which output: {string.Join(", ", names)} (scenario: the scenario file format)." };
        kind.CompletionSources.Add(names);
        kind.Validators.Add(r =>
        {
            var v = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (!names.Contains(v.ToLowerInvariant())) r.AddError($"'{v}': expected one of {string.Join(", ", names)}{Suggestions.Hint(v, names)}");
        });
        var output = new Option<string?>("--out", "-o") { Description = "Write to this file instead of stdout.", HelpName = "FILE" };
        var command = new Command("schema", "Print the JSON Schema (draft 2020-12) of a command's JSON output; docs/json.md describes the fields.") { kind, output };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var outPath = parse.GetValue(output);
            if (outPath is not null) OutputFiles.CheckFile(outPath, "--out");
            var name = parse.GetValue(kind)!.ToLowerInvariant();
            var schema = Kinds.First(k => k.Kind == name).Schema();
            CommandRunner.Emit(schema.EndsWith('\n') ? schema : schema + "\n", outPath);
            return CommandRunner.Ok;
        }));
        return command;
    }
}
