using System.Reflection;
using Matchday.Core.Scenarios.Reading;

namespace Matchday.Core.Scenarios;

/// <summary>The scenarios built into Matchday, embedded in the assembly.</summary>
public static class Presets
{
    /// <summary>The name of the default preset: the World Cup 2022 of the seed document.</summary>
    public const string Default = "worldcup-2022";

    private const string Prefix = "Matchday.Presets.";

    /// <summary>The names of every built-in scenario.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(Presets).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The YAML text of a built-in scenario, or null if there is none of that name.</summary>
    public static string? Text(string name)
    {
        using var stream = typeof(Presets).Assembly.GetManifestResourceStream(Prefix + name + ".yaml");
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A built-in scenario, read and validated. Throws if the name is unknown or the preset is broken.</summary>
    public static Scenario Load(string name = Default)
    {
        var text = Text(name) ?? throw new ArgumentException($"no built-in scenario '{name}'; built-in: {string.Join(", ", Names)}", nameof(name));
        var result = ScenarioReader.Read(text, $"preset:{name}");
        return result.Ok ? result.Scenario! : throw new ScenarioException(result.Errors);
    }
}
