using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Matchday.Cli.Commands;

/// <summary>
/// Output paths: checked before the work starts, written through a temporary file or folder renamed into place, and
/// removed if the run is interrupted, so a file is written whole or not at all.
/// </summary>
internal static class OutputFiles
{
    private static readonly ConcurrentDictionary<string, byte> Pending = new(StringComparer.Ordinal);

    /// <summary>The files this run read (full paths, links resolved): an output must not replace one.</summary>
    private static readonly ConcurrentDictionary<string, byte> Inputs = new(StringComparer.Ordinal);

    /// <summary>Forgets the inputs of a previous run in this process (the tests run many commands in one).</summary>
    public static void BeginRun() => Inputs.Clear();

    /// <summary>Remembers an input file, so that <c>--out</c> naming it is refused rather than overwriting it.</summary>
    public static void NoteInput(string path)
    {
        try
        {
            Inputs[Resolved(Path.GetFullPath(path))] = 0;
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException or UnauthorizedAccessException) { }
    }

    private static string Resolved(string full) =>
        File.Exists(full) && File.ResolveLinkTarget(full, returnFinalTarget: true) is { } target ? target.FullName : full;

    /// <summary>
    /// Checks that <paramref name="path"/> can be written as a file: its folder exists and it is not a folder itself.
    /// Relative paths are taken from the current directory.
    /// </summary>
    public static void CheckFile(string path, string option)
    {
        if (path.Trim().Length == 0) throw new UsageException($"{option}: empty path; give a file name");
        if (path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar) || Directory.Exists(path))
            throw new UsageException($"{option} {path}: is a folder; {option} takes a file, e.g. {Path.Combine(path.TrimEnd('/'), "out.json")} (simulate writes its set of files to a folder with --out-dir)");
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UsageException($"{option} {path}: not a usable path ({e.Message})");
        }
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new UsageException($"{option} {path}: {MissingFolder(dir)}");
        if (IsSocket(full))
            throw new UsageException($"{option} {path}: is a socket, which cannot be written as a file (writing there would replace the socket of whatever listens on it); choose a file");
    }

    /// <summary>Checks that <paramref name="path"/> can be a folder of outputs: it is not a file, and its parent exists (it is created).</summary>
    public static string CheckFolder(string path, string option)
    {
        if (path.Length == 0) throw new UsageException($"{option}: empty path");
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar, '/');
        if (full.Length == 0) full = Path.GetFullPath(path);
        if (File.Exists(full)) throw new UsageException($"{option} {path}: is a file; {option} takes a folder");
        var parent = Path.GetDirectoryName(full);
        if (parent is not null && !Directory.Exists(parent))
            throw new UsageException($"{option} {path}: {MissingFolder(parent)}");
        return full;
    }

    /// <summary>Why a folder to write in is missing: "folder x does not exist (create it first: mkdir -p x)", or the file in its way.</summary>
    private static string MissingFolder(string dir)
    {
        for (var d = dir; !string.IsNullOrEmpty(d); d = Path.GetDirectoryName(d))
            if (File.Exists(d)) return $"{d} is a file, not a folder";
        return $"folder {dir} does not exist (create it first: mkdir -p {dir})";
    }

    /// <summary>
    /// Checks, before any work, that a folder of outputs can be staged beside <paramref name="path"/>: a probe folder is
    /// created there and removed (a read-only or special file system fails here, not after a long computation).
    /// </summary>
    public static void CheckWritable(string path, string option)
    {
        var full = CheckFolder(path, option);
        var probe = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.probe");
        try
        {
            Directory.CreateDirectory(probe);
            File.WriteAllText(Path.Combine(probe, "probe"), "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: cannot be written ({e.Message})");
        }
        finally
        {
            try
            {
                if (Directory.Exists(probe)) Directory.Delete(probe, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Writes a file through a temporary file in the same folder, renamed into place. A symbolic link is followed (the
    /// file it names is replaced, the link stays), and a device or kernel file (<c>/dev/stdout</c>, <c>/dev/null</c>,
    /// anything under /dev or /proc) is written directly: renaming over it would replace the device with a file.
    /// </summary>
    public static void WriteAtomically(string path, string option, Action<string> write) => WriteTogether([(path, option, write)]);

    /// <summary>
    /// Writes several files as one: each is staged in a temporary file beside it, and only once all are written are
    /// they renamed into place, so a failure leaves none of them (devices under /dev and the like are written directly,
    /// before the renames). Two options naming the same file are an error.
    /// </summary>
    public static void WriteTogether(IReadOnlyList<(string Path, string Option, Action<string> Write)> files)
    {
        var staged = new List<(string Temp, string Full, string Path, string Option)>();
        var direct = new List<(string Full, string Path, string Option, Action<string> Write)>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var (path, option, write) in files)
            {
                CheckFile(path, option);
                var full = Path.GetFullPath(path);
                try
                {
                    if (!IsSpecial(full)) full = Resolved(full);
                }
                catch (IOException e)
                {
                    throw new UsageException($"{option} {path}: {e.Message}");
                }
                if (seen.TryGetValue(full, out var other))
                    throw new UsageException($"{option} {path}: is also the file of {other}; give each its own file");
                seen[full] = option;
                if (IsSpecial(full) || IsStream(full)) { direct.Add((full, path, option, write)); continue; }
                if (Inputs.ContainsKey(full))
                    throw new UsageException($"{option} {path}: is an input of this run; writing there would replace it (choose another file)");
                var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
                Pending[temp] = 0;
                staged.Add((temp, full, path, option));
                try
                {
                    write(temp);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"{option} {path}: {e.Message}");
                }
            }
            // Devices before the renames: a device that refuses the write (/dev/full, a /proc path) leaves no file.
            foreach (var (full, path, option, write) in direct)
            {
                try
                {
                    write(full);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"{option} {path}: {e.Message}");
                }
            }
            foreach (var (temp, full, path, option) in staged)
            {
                try
                {
                    File.Move(temp, full, overwrite: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"{option} {path}: {e.Message}");
                }
            }
        }
        finally
        {
            foreach (var (temp, _, _, _) in staged)
            {
                if (File.Exists(temp)) File.Delete(temp);
                Pending.TryRemove(temp, out _);
            }
        }
    }

    /// <summary>A path on a kernel file system (devices, processes), where only a direct write is right.</summary>
    private static bool IsSpecial(string full) =>
        OperatingSystem.IsLinux() && (full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal) || full.StartsWith("/sys/", StringComparison.Ordinal));

    /// <summary>
    /// An existing file that is not a regular one, such as a named pipe (<c>mkfifo</c>): like a device it is written
    /// directly (renaming over it would replace the pipe with a file). Told by <c>lseek</c>, which a pipe refuses; the
    /// open does not wait for a writer (<c>O_NONBLOCK</c>) and reads nothing.
    /// </summary>
    private static bool IsStream(string full)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(full)) return false;
        var fd = Native.Open(full, Native.ReadOnly | Native.NonBlock | Native.CloseOnExec);
        if (fd < 0) return false; // cannot be opened to tell (no read permission): written as a file, as before (sockets are refused by CheckFile)
        try
        {
            return Native.Seek(fd, 0, Native.SeekCurrent) < 0;
        }
        finally
        {
            _ = Native.Close(fd);
        }
    }

    /// <summary>
    /// An existing Unix domain socket (a service's endpoint, e.g. /run/docker.sock): open(2) refuses one with ENXIO,
    /// which nothing else the read-only, non-blocking open of an existing file gives.
    /// </summary>
    private static bool IsSocket(string full)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(full)) return false;
        var fd = Native.Open(full, Native.ReadOnly | Native.NonBlock | Native.CloseOnExec);
        if (fd >= 0)
        {
            _ = Native.Close(fd);
            return false;
        }
        return Marshal.GetLastPInvokeError() == Native.NoSuchDeviceOrAddress;
    }

    /// <summary>The three C library calls <see cref="IsStream"/> makes (Linux flag values, the same on x64 and arm64).</summary>
    private static class Native
    {
        public const int ReadOnly = 0, NonBlock = 0x800, CloseOnExec = 0x80000, SeekCurrent = 1, NoSuchDeviceOrAddress = 6; // ENXIO

        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "lseek", SetLastError = true)]
        public static extern long Seek(int fd, long offset, int whence);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int fd);
    }

    /// <summary>Writes a folder of files: staged beside it, then moved in file by file once every file is written.</summary>
    public static void WriteFolder(string path, string option, Action<string> write)
    {
        var full = CheckFolder(path, option);
        var staging = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        Pending[staging] = 0;
        try
        {
            Directory.CreateDirectory(staging);
            write(staging);
            Directory.CreateDirectory(full);
            foreach (var f in Directory.GetFiles(staging)) File.Move(f, Path.Combine(full, Path.GetFileName(f)), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: {e.Message}");
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            Pending.TryRemove(staging, out _);
        }
    }

    /// <summary>Removes whatever is half-written (Ctrl-C).</summary>
    public static void RemovePending()
    {
        foreach (var p in Pending.Keys)
        {
            try
            {
                if (File.Exists(p)) File.Delete(p);
                else if (Directory.Exists(p)) Directory.Delete(p, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
