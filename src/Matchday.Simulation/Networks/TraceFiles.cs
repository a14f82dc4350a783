using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Networks;

/// <summary>The thin I/O edge for traces: reads files and folders and hands the text to <see cref="TraceParser"/>.</summary>
public static class TraceFiles
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
    public static Players.BitrateLadder LoadManifest(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Players.ManifestParser.Parse(Read(path, "manifest"), path);
    }

    private static string Read(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
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
}
