using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
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
    /// <summary>
    /// The largest trace or manifest file read: 256 MiB. The traces shipped in samples/ are 2-60 KB and the largest
    /// public sets a few MB a file; a file much larger would pass .NET's limit of about a billion characters a string.
    /// </summary>
    public const int MaxFileBytes = 256 << 20;

    /// <summary>Reads one trace file (either layout), given to <c>--trace</c>.</summary>
    /// <exception cref="TraceFormatException">The file is missing, unreadable or malformed.</exception>
    public static NetworkTrace Load(string path, Duration? textLatency = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) throw new UsageException("--trace: empty path; give a trace file");
        return TraceParser.Parse(Read(path, "trace"), path, TraceFormat.Auto, textLatency);
    }

    /// <summary>Reads a Sabre movie manifest (per-segment sizes) as a ladder, given to <c>--ladder</c>.</summary>
    /// <exception cref="TraceFormatException">The file is missing, unreadable or malformed.</exception>
    public static BitrateLadder LoadManifest(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) throw new UsageException("--ladder: empty path; give a manifest file");
        return ManifestParser.Parse(Read(path, "manifest"), path);
    }

    /// <summary>
    /// A trace or manifest file's text, read through <see cref="InputFiles"/>: at most <see cref="MaxFileBytes"/>, within
    /// its timeout, decoded as <see cref="File.ReadAllText(string)"/> does (UTF-8, or the encoding a byte-order mark names).
    /// </summary>
    private static string Read(string path, string what)
    {
        if (Directory.Exists(path))
            throw new TraceFormatException(path, 0, 0, what == "trace" ? "is a folder, not a trace file; give a folder of traces to --traces" : $"is a folder, not a {what} file");
        if (!File.Exists(path) && new FileInfo(path).LinkTarget is null) throw new TraceFormatException(path, 0, 0, $"{what} file not found");
        // A regular file too large is refused before a byte is read; a device or pipe has no size and stops at the limit.
        if (SizeOf(path) is { } size && size > MaxFileBytes) throw TooLarge(path, what, size);
        var (bytes, problem) = InputFiles.Read(path, MaxFileBytes);
        if (problem is not null) throw new TraceFormatException(path, 0, 0, problem);
        if (bytes.Length > MaxFileBytes) throw TooLarge(path, what, null);
        _ = MemoryMarshal.TryGetArray(bytes, out var whole); // InputFiles reads into an array: no copy of up to 256 MiB
        using var reader = new StreamReader(new MemoryStream(whole.Array!, whole.Offset, whole.Count, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();
        OutputFiles.NoteInput(path);
        return text;
    }

    private static TraceFormatException TooLarge(string path, string what, long? size) => new(path, 0, 0, size is { } bytes
        ? $"{DataSize.FromBytes(bytes)} is larger than the 256 MiB a {what} file may be"
        : $"reads on past 256 MiB, the most a {what} file may be (an endless device such as /dev/zero?)");

    /// <summary>The size of the file a path names, through any symbolic links; null when it cannot be told.</summary>
    private static long? SizeOf(string path)
    {
        try
        {
            var file = new FileInfo(path);
            if (file.LinkTarget is not null) file = file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
            return file is { Exists: true } ? file.Length : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // a link loop or an unreadable folder: the read says why
        }
    }

    /// <summary>
    /// The files of a folder that count as traces, sorted by name (so the set is the same on every machine): hidden
    /// files and README files are skipped.
    /// </summary>
    private static string[] TraceFilesIn(string folder) =>
        [.. Directory.GetFiles(folder)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !Path.GetFileName(f).StartsWith("README", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Reads a trace set: every trace file in a folder (<see cref="TraceFilesIn"/>), or a single file. Each is read as
    /// <c>--trace</c> reads one, so a named pipe in the folder is an error after the read timeout, not a hang.
    /// </summary>
    public static ImmutableArray<NetworkTrace> LoadSet(string path, Duration? textLatency = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path)) return [Load(path, textLatency)];
        if (!Directory.Exists(path)) throw new TraceFormatException(path, 0, 0, "trace file or folder not found");
        var files = TraceFilesIn(path);
        if (files.Length == 0) throw new TraceFormatException(path, 0, 0, "the trace folder holds no trace files");
        return [.. files.Select(f => Load(f, textLatency))];
    }

    /// <summary>
    /// Reads cohorts from a path, given to <c>--traces</c>: a folder of folders is one cohort per sub-folder (equal
    /// weights, sorted by name); a folder of trace files, or one file, is a single cohort named after it. A folder
    /// holding both trace files and sub-folders is an error: the files would belong to no class.
    /// </summary>
    /// <exception cref="TraceFormatException">A missing or malformed trace.</exception>
    public static ImmutableArray<NetworkCohort> LoadCohorts(string path, double multiplier = 1, Duration? textLatency = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) throw new UsageException("--traces: empty path; give a trace folder or file");
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        if (Directory.Exists(path))
        {
            var subs = Directory.GetDirectories(path).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal).ToArray();
            if (subs.Length > 0)
            {
                var loose = TraceFilesIn(path);
                if (loose.Length > 0)
                    throw new TraceFormatException(path, 0, 0, $"holds both trace files ({Listed(loose)}) and class sub-folders ({Listed(subs)}); "
                        + "move the files into a class sub-folder, or give a folder of trace files or a folder of class sub-folders");
                return [.. subs.Select(d => Scaled(NetworkCohort.FromTraces(Path.GetFileName(d), 1, LoadSet(d, textLatency)), multiplier))];
            }
        }
        return [Scaled(NetworkCohort.FromTraces(name, 1, LoadSet(path, textLatency)), multiplier)];
    }

    /// <summary>The first few names of a folder's entries, for a message.</summary>
    private static string Listed(string[] paths) =>
        string.Join(", ", paths.Take(3).Select(Path.GetFileName)) + (paths.Length > 3 ? $" and {paths.Length - 3} more" : "");

    private static NetworkCohort Scaled(NetworkCohort c, double multiplier) =>
        multiplier == 1 ? c : c with { Traces = [.. c.Traces.Select(t => t.Scale(multiplier))] };
}
