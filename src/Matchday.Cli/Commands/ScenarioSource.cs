using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;

namespace Matchday.Cli.Commands;

/// <summary>Where a scenario comes from: a file the user wrote, or a built-in preset.</summary>
internal static class ScenarioSource
{
    /// <summary>
    /// Loads <paramref name="pathOrPreset"/>: the built-in default when null, a file when one exists at that path,
    /// otherwise a preset of that name. Throws <see cref="ScenarioException"/> with every error found.
    /// </summary>
    public static (Scenario Scenario, string Text, string Origin) Load(string? pathOrPreset)
    {
        if (pathOrPreset is null) return FromPreset(Presets.Default);
        if (File.Exists(pathOrPreset))
        {
            var text = File.ReadAllText(pathOrPreset);
            var result = ScenarioReader.Read(text, pathOrPreset);
            if (!result.Ok) throw new ScenarioException(result.Errors);
            return (result.Scenario!, text, pathOrPreset);
        }
        var name = pathOrPreset.StartsWith("preset:", StringComparison.Ordinal) ? pathOrPreset["preset:".Length..] : pathOrPreset;
        if (Presets.Text(name) is not null) return FromPreset(name);
        throw new ScenarioException([new ScenarioError(pathOrPreset, 0, 0, "(file)",
            $"no such file, and no built-in scenario of that name (built-in: {string.Join(", ", Presets.Names)})")]);
    }

    private static (Scenario, string, string) FromPreset(string name) => (Presets.Load(name), Presets.Text(name)!, "preset:" + name);
}
