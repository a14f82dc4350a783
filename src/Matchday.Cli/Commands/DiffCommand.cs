using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matchday.Cli.Rendering;
using Matchday.Core.Scenarios.Reading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Matchday.Cli.Commands;

/// <summary>
/// <c>matchday diff A B</c>: two scenarios (files or built-in names, each with its plan), or two saved plan, audit,
/// simulate or sweep JSON outputs of the same kind. Exits 1 when they differ (as diff(1) does), 0 when they do not.
/// </summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("a") { Description = "A scenario (file or built-in name), or a saved JSON output (plan, audit, simulate, sweep)." };
        var b = new Argument<string?>("b") { Description = "The other, of the same kind (for a scenario, default: a itself, changed by --set).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("diff", "Compare two scenarios (their inputs and plans), or two saved JSON outputs: every input that differs and every figure that changed, largest first. Exits 1 when they differ.") { a, b };
        var set = ScenarioOptions.SetOption("Override a field of the second scenario (b, or a when b is not given) before it is read, as in the file: matchday diff worldcup-2022 --set delivery.headroom_buffer=40% shows what more headroom changes; repeatable.");
        command.Add(set);
        var match = new Option<string?>("--match", "-m") { Description = "Stage whose plan to compare, for scenarios (default: the largest).", HelpName = "STAGE" };
        var limit = CommandLine.Count("--limit", "Rows per table (JSON lists every change).", 40, min: 1);
        var noFail = new Option<bool>("--no-fail") { Description = "Exit 0 even when they differ." };
        command.Add(match);
        command.Add(limit);
        command.Add(noFail);
        var output = new OutputOptions(command, ["table", "json", "markdown"]);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (format, outPath) = output.Resolve(parse);
            var overrides = ScenarioOptions.Overrides(parse, set);
            var pathA = parse.GetValue(a)!;
            var pathB = parse.GetValue(b);
            if (pathB is null && overrides.IsEmpty)
                throw new UsageException("diff compares two things: give a second scenario or output, or --set PATH=VALUE to compare a scenario with itself changed");
            var diff = Compare(pathA, pathB ?? pathA, parse.GetValue(match), overrides);
            var text = format switch
            {
                "json" => JsonOutput.Document("diff", new Inputs($"{pathA} {pathB ?? pathA}", overrides), diff),
                "markdown" => Renderers.Markdown(diff.Report(parse.GetValue(limit))),
                _ => Renderers.Table(diff.Report(parse.GetValue(limit)), outPath is null ? Terminal.Width() : 160, outPath is null && Terminal.Color),
            };
            CommandRunner.Emit(text, outPath);
            return diff.Same || parse.GetValue(noFail) ? CommandRunner.Ok : CommandRunner.Findings;
        }));
        return command;
    }

    /// <summary>What a file holds, as diff sees it: a scenario, or a JSON output of a kind.</summary>
    private sealed record Side(string Path, string Kind, JsonNode? Json);

    /// <summary>
    /// Compares <paramref name="pathA"/> with <paramref name="pathB"/>, the second scenario read with
    /// <paramref name="overridesB"/> put in place (its inputs then show each overridden field as the reader saw it).
    /// </summary>
    public static DiffOutput Compare(string pathA, string pathB, string? stage, IReadOnlyList<Override>? overridesB = null)
    {
        overridesB ??= [];
        var (sa, sb) = (Open(pathA), Open(pathB));
        if (sa.Kind != sb.Kind)
            throw new UsageException($"{pathA} is {Describe(sa.Kind)} and {pathB} is {Describe(sb.Kind)}: diff compares two of the same kind (two scenarios, two plans, two simulate summaries, ...)");
        if (sa.Kind == "scenario")
        {
            var (la, lb) = (ScenarioSource.Load(pathA), ScenarioSource.Load(pathB, overridesB));
            var inputs = DiffOutput.Compare(DiffOutput.Leaves(Yaml(la.Text, la.Origin, [])), DiffOutput.Leaves(Yaml(lb.Text, lb.Origin, overridesB)), DiffOutput.Read);
            var (pa, pb) = (PlanCommand.Build(la.Scenario, stage), PlanCommand.Build(lb.Scenario, stage));
            var outputs = DiffOutput.Compare(Numbers(JsonSerializer.SerializeToNode(pa, JsonOutput.Options)), Numbers(JsonSerializer.SerializeToNode(pb, JsonOutput.Options)), DiffOutput.Read);
            return new DiffOutput(pathA, new Inputs(pathB, [.. overridesB]).Describe(), $"scenarios and their plans of the {pa.Match.Stage.Name}", inputs, outputs);
        }
        if (overridesB.Count > 0)
            throw new UsageException($"--set changes a scenario, and {pathB} is {Describe(sb.Kind)}: save the output of the changed scenario (e.g. matchday {sb.Kind} --set ... --out b.json) and diff the two outputs");
        var (ja, jb) = (sa.Json!.AsObject(), sb.Json!.AsObject());
        var (inputsA, inputsB) = (InputLeaves(ja), InputLeaves(jb));
        ja.Remove("inputs");
        jb.Remove("inputs");
        return new DiffOutput(pathA, pathB, $"two {sa.Kind} outputs",
            DiffOutput.Compare(inputsA, inputsB, DiffOutput.Read),
            DiffOutput.Compare(Numbers(ja), Numbers(jb), DiffOutput.Read));
    }

    /// <summary>The inputs of a saved output: the scenario, and each override by its path (as --set writes it).</summary>
    private static Dictionary<string, string> InputLeaves(JsonObject doc)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        if (doc["inputs"] is not JsonObject inputs) return leaves;
        if (inputs["scenario"] is JsonValue s && s.TryGetValue<string>(out var scenario)) leaves["scenario"] = scenario;
        foreach (var o in inputs["overrides"] as JsonArray ?? [])
            if (o?["path"]?.GetValue<string>() is { } path) leaves["--set " + path] = o["value"]?.GetValue<string>() ?? "";
        return leaves;
    }

    /// <summary>
    /// The leaves that carry figures: numbers and flags, and each audit finding's severity, so a finding that appears or
    /// goes shows (texts such as messages only describe the figures).
    /// </summary>
    private static Dictionary<string, JsonNode?> Numbers(JsonNode? plan) =>
        DiffOutput.Leaves(plan).Where(kv => kv.Value is JsonValue v && (v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                || kv.Key.EndsWith(".severity", StringComparison.Ordinal)))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private static string Describe(string kind) => kind == "scenario" ? "a scenario" : $"a saved {kind} output";

    private static Side Open(string path)
    {
        if (!File.Exists(path) || !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            ScenarioSource.Text(path);
            return new Side(path, "scenario", null);
        }
        JsonNode? json;
        try
        {
            // A key given twice is refused where it stands (not taken last-wins, nor thrown later from the object).
            json = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (json is JsonObject root) _ = root.Count; // materialize now, inside the try
        }
        catch (JsonException e)
        {
            throw new ScenarioException([new ScenarioError(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, "(json)", "malformed JSON: " + e.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd())]);
        }
        if (json is not JsonObject o || o["kind"] is not JsonValue k || !k.TryGetValue<string>(out var kind) || o["inputs"] is not JsonObject)
            throw new ScenarioException([new ScenarioError(path, 1, 1, "kind", "not a Matchday output: expected a JSON object with \"kind\" and \"inputs\" (written by plan, audit, simulate or sweep with --format json)")]);
        return new Side(path, kind, json);
    }

    private static YamlNode Yaml(string text, string origin, IReadOnlyList<Override> overrides)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var root = stream.Documents[0].RootNode;
            // The scenario was read with these already (ScenarioSource.Load), so they apply without error here.
            if (overrides.Count > 0 && root is YamlMappingNode map) Override.ApplyTo(map, overrides);
            return root;
        }
        catch (YamlException e)
        {
            throw new ScenarioException([new ScenarioError(origin, (int)e.Start.Line, (int)e.Start.Column, "(syntax)", "malformed YAML")]);
        }
    }
}
