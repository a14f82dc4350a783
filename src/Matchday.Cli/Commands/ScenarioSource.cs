using System.Collections.Immutable;
using System.CommandLine;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;

namespace Matchday.Cli.Commands;

/// <summary>A scenario as a command read it: the records, the text, where it came from and the overrides applied to it.</summary>
internal sealed record LoadedScenario(Scenario Scenario, string Text, string Origin, ImmutableArray<Override> Overrides)
{
    /// <summary>What a result was computed from, echoed in every output: <c>worldcup-2022 with ladder.codec=hevc</c>.</summary>
    public Inputs Inputs => new(Origin, Overrides);
}

/// <summary>The inputs of a result, echoed in every output so a figure says what it was computed from.</summary>
internal sealed record Inputs(string Scenario, ImmutableArray<Override> Overrides)
{
    public string Describe() => Overrides.IsEmpty ? Scenario : $"{Scenario} with --set {string.Join(" --set ", Overrides)}";
}

/// <summary>Where a scenario comes from: a file the user wrote, or a built-in preset; with <c>--set</c> overrides on top.</summary>
internal static class ScenarioSource
{
    /// <summary>
    /// Loads <paramref name="pathOrPreset"/>: the built-in default when null, a file when one exists at that path,
    /// otherwise a preset of that name. Throws <see cref="ScenarioException"/> with every error found.
    /// </summary>
    public static LoadedScenario Load(string? pathOrPreset, IReadOnlyList<Override>? overrides = null)
    {
        overrides ??= [];
        var (text, origin) = Text(pathOrPreset);
        var result = ScenarioReader.Read(text, origin, overrides);
        if (!result.Ok) throw new ScenarioException(result.Errors);
        return new LoadedScenario(result.Scenario!, text, origin, [.. overrides]);
    }

    /// <summary>The YAML text of a file or a preset, and the name its errors give.</summary>
    public static (string Text, string Origin) Text(string? pathOrPreset)
    {
        if (pathOrPreset is null) return (Presets.Text(Presets.Default)!, "preset:" + Presets.Default);
        if (pathOrPreset.Trim().Length == 0)
            throw new UsageException($"the scenario is an empty name: give a scenario file or a built-in name ({string.Join(", ", Presets.Names)}), or leave it out for {Presets.Default}");
        if (File.Exists(pathOrPreset) || Directory.Exists(pathOrPreset))
        {
            var (text, error) = InputGuard.Decode(ReadFile(pathOrPreset), pathOrPreset);
            if (error is not null) throw new ScenarioException([error]);
            OutputFiles.NoteInput(pathOrPreset);
            return (text!, pathOrPreset);
        }
        var name = pathOrPreset.StartsWith("preset:", StringComparison.Ordinal) ? pathOrPreset["preset:".Length..] : pathOrPreset;
        if (Presets.Text(name) is { } preset) return (preset, "preset:" + name);
        throw new ScenarioException([new ScenarioError(pathOrPreset, 0, 0, "(file)",
            $"no such file, and no built-in scenario of that name (built-in: {string.Join(", ", Presets.Names)})")]);
    }

    /// <summary>
    /// A scenario file's bytes, at most one more than the reader accepts (so an endless device such as /dev/zero is read
    /// no further). A directory, an unreadable file, a symlink loop or a pipe nobody writes to is one line of error.
    /// </summary>
    private static ReadOnlySpan<byte> ReadFile(string path)
    {
        if (Directory.Exists(path)) throw Problem(path, "is a directory; expected a scenario file");
        var (bytes, problem) = InputFiles.Read(path, InputGuard.MaxFileBytes);
        return problem is null ? bytes.Span : throw Problem(path, problem);
    }

    private static ScenarioException Problem(string path, string message) => new([new ScenarioError(path, 0, 0, "(file)", message)]);
}

/// <summary>The scenario argument and the <c>--set</c> option that every command reading a scenario takes.</summary>
internal sealed class ScenarioOptions
{
    public Argument<string?> File { get; } = new("scenario") { Description = "Scenario file, or a built-in name (default: worldcup-2022).", Arity = ArgumentArity.ZeroOrOne };

    public Option<string[]> Set { get; } = SetOption("Override a scenario field before it is read, as in the file: --set tournament.stages.final.peak_viewers=2B --set ladder.codec=hevc; repeatable.");

    public ScenarioOptions(Command command)
    {
        command.Add(File);
        command.Add(Set);
    }

    /// <summary>The <c>--set PATH=VALUE</c> option, its values checked by the one override grammar (<see cref="Override.Parse"/>).</summary>
    public static Option<string[]> SetOption(string description)
    {
        var set = new Option<string[]>("--set") { Description = description, HelpName = "PATH=VALUE" };
        set.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
                if (Override.Parse(token.Value) is { Ok: false } bad) r.AddError("--set " + bad.Error);
        });
        return set;
    }

    /// <summary>The overrides given to <paramref name="set"/> (already checked by its validator).</summary>
    public static ImmutableArray<Override> Overrides(ParseResult parse, Option<string[]> set) => [.. (parse.GetValue(set) ?? []).Select(t => Override.Parse(t).Value!)];

    public ImmutableArray<Override> Overrides(ParseResult parse) => Overrides(parse, Set);

    public LoadedScenario Load(ParseResult parse) => ScenarioSource.Load(parse.GetValue(File), Overrides(parse));
}
