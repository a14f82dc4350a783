using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Population;

namespace Matchday.Cli.Commands;

/// <summary>
/// The front end's reading of trace and manifest files: reads files and folders and hands the text to the engine's
/// parsers (<see cref="TraceParser"/>, <see cref="ManifestParser"/>); the engine itself never touches a file.
/// </summary>
internal static class TraceFiles
{
    /// <summary>Reads one trace file (either layout).</summary>
    /// <exception cref="TraceFormatException">The file is missing, unreadable or malformed.</exception>
    public static NetworkTrace Load(string path, Duration? textLatency = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return TraceParser.Parse(Read(path, "trace"), path, TraceFormat.Auto, textLatency);
    }

    /// <summary>Reads a Sabre movie manifest (per-segment sizes) as a ladder.</summary>
    /// <exception cref="TraceFormatException">The file is missing, unreadable or malformed.</exception>
    public static BitrateLadder LoadManifest(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ManifestParser.Parse(Read(path, "manifest"), path);
    }

    private static string Read(string path, string what)
    {
        try
        {
            var text = File.ReadAllText(path);
            OutputFiles.NoteInput(path);
            return text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new TraceFormatException(path, 0, 0, e is FileNotFoundException or DirectoryNotFoundException
                ? $"{what} file not found" : $"cannot read {what} file: " + e.Message, e);
        }
    }

    /// <summary>
    /// Reads a trace set: every file in a folder (sorted by name, so the set is the same on every machine),
    /// or a single file. Hidden files and README files are skipped.
    /// </summary>
    public static ImmutableArray<NetworkTrace> LoadSet(string path, Duration? textLatency = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path)) return [Load(path, textLatency)];
        if (!Directory.Exists(path)) throw new TraceFormatException(path, 0, 0, "trace file or folder not found");
        var files = Directory.GetFiles(path)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !Path.GetFileName(f).StartsWith("README", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0) throw new TraceFormatException(path, 0, 0, "the trace folder holds no trace files");
        return [.. files.Select(f => Load(f, textLatency))];
    }

    /// <summary>
    /// Reads cohorts from a path: a folder of folders is one cohort per sub-folder (equal weights, sorted by name);
    /// a folder of trace files, or one file, is a single cohort named after it.
    /// </summary>
    /// <exception cref="TraceFormatException">A missing or malformed trace.</exception>
    public static ImmutableArray<NetworkCohort> LoadCohorts(string path, double multiplier = 1, Duration? textLatency = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        if (Directory.Exists(path))
        {
            var subs = Directory.GetDirectories(path).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal).ToArray();
            if (subs.Length > 0)
                return [.. subs.Select(d => Scaled(NetworkCohort.FromTraces(Path.GetFileName(d), 1, LoadSet(d, textLatency)), multiplier))];
        }
        return [Scaled(NetworkCohort.FromTraces(name, 1, LoadSet(path, textLatency)), multiplier)];
    }

    private static NetworkCohort Scaled(NetworkCohort c, double multiplier) =>
        multiplier == 1 ? c : c with { Traces = [.. c.Traces.Select(t => t.Scale(multiplier))] };
}
