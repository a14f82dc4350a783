namespace Matchday.Cli.Commands;

/// <summary>
/// Reads an input file's bytes whatever the path turns out to be: at most a limit (so an endless device such as
/// /dev/zero is read no further), within a timeout (so a named pipe nobody writes to cannot hang the run). Scenario,
/// trace and manifest files are all read here; each caller words the problem for its own kind of file.
/// </summary>
internal static class InputFiles
{
    /// <summary>How long to wait for a file's bytes (a named pipe with no writer would block forever).</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The file's bytes, at most <paramref name="maxBytes"/> + 1 (one more than the caller accepts, so that it can say
    /// the file is too large), or why they could not be read: one line, without .NET's exception names.
    /// </summary>
    public static (ReadOnlyMemory<byte> Bytes, string? Problem) Read(string path, int maxBytes)
    {
        var limit = maxBytes + 1;
        var read = Task.Run(() =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
            // A regular file says its size, read in one buffer; a pipe or a device says 0, and its buffer grows as it is read.
            var size = stream.CanSeek ? stream.Length : 0;
            var buffer = new byte[size > 0 ? Math.Min(size + 1, limit) : Math.Min(limit, 1 << 16)];
            var total = 0;
            while (total < limit)
            {
                if (total == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(limit, 2L * buffer.Length));
                var n = stream.Read(buffer, total, buffer.Length - total);
                if (n == 0) break;
                total += n;
            }
            return new ReadOnlyMemory<byte>(buffer, 0, total);
        });
        try
        {
            return read.Wait(ReadTimeout) ? (read.Result, null)
                : (default, $"could not be read within {ReadTimeout.TotalSeconds:0} s (a pipe nobody writes to?)");
        }
        catch (AggregateException e) when (e.InnerException is not null)
        {
            return (default, "cannot be read: " + Reason(e.InnerException!));
        }
    }

    /// <summary>The operating system's reason without .NET's "'path'" suffix.</summary>
    private static string Reason(Exception e)
    {
        var message = e.Message;
        var quote = message.IndexOf(" : '", StringComparison.Ordinal);
        if (quote < 0) quote = message.IndexOf(" '/", StringComparison.Ordinal);
        return (quote > 0 ? message[..quote] : message).TrimEnd('.', ' ');
    }
}
