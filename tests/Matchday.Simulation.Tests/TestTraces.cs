using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;

namespace Matchday.Simulation.Tests;

/// <summary>Trace and manifest files read for the tests: the engine parses text, the front end (here, the test) reads files.</summary>
internal static class TestTraces
{
    public static NetworkTrace Load(string path, Duration? textLatency = null) => TraceParser.Parse(File.ReadAllText(path), path, TraceFormat.Auto, textLatency);

    public static BitrateLadder LoadManifest(string path) => ManifestParser.Parse(File.ReadAllText(path), path);

    /// <summary>Every trace file of a folder, sorted by name (hidden and README files skipped), as the CLI reads a set.</summary>
    public static ImmutableArray<NetworkTrace> LoadSet(string folder) =>
        [.. Directory.GetFiles(folder)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !Path.GetFileName(f).StartsWith("README", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => Load(f))];
}
