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
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new TraceFormatException(path, 0, 0, e is FileNotFoundException or DirectoryNotFoundException
                ? "trace file not found" : "cannot read trace file: " + e.Message, e);
        }
        return TraceParser.Parse(text, path, TraceFormat.Auto, textLatency);
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
