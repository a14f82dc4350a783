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
        if (File.Exists(pathOrPreset) || Directory.Exists(pathOrPreset))
        {
            var bytes = ReadFile(pathOrPreset);
            var result = ScenarioReader.Read(bytes, pathOrPreset);
            if (!result.Ok) throw new ScenarioException(result.Errors);
            return (result.Scenario!, System.Text.Encoding.UTF8.GetString(bytes), pathOrPreset);
        }
        var name = pathOrPreset.StartsWith("preset:", StringComparison.Ordinal) ? pathOrPreset["preset:".Length..] : pathOrPreset;
        if (Presets.Text(name) is not null) return FromPreset(name);
        throw new ScenarioException([new ScenarioError(pathOrPreset, 0, 0, "(file)",
            $"no such file, and no built-in scenario of that name (built-in: {string.Join(", ", Presets.Names)})")]);
    }

    /// <summary>How long to wait for a file's bytes (a named pipe with no writer would block forever).</summary>
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A scenario file's bytes, at most one more than the reader accepts (so an endless device such as /dev/zero is read
    /// no further). A directory, an unreadable file, a symlink loop or a pipe nobody writes to is one line of error.
    /// </summary>
    private static byte[] ReadFile(string path)
    {
        if (Directory.Exists(path)) throw Problem(path, "is a directory; expected a scenario file");
        var read = Task.Run(() =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
            var buffer = new byte[InputGuard.MaxFileBytes + 1];
            var total = 0;
            int n;
            while (total < buffer.Length && (n = stream.Read(buffer, total, buffer.Length - total)) > 0) total += n;
            return buffer.AsSpan(0, total).ToArray();
        });
        try
        {
            if (!read.Wait(ReadTimeout)) throw Problem(path, $"could not be read within {ReadTimeout.TotalSeconds:0} s (a pipe nobody writes to?)");
            return read.Result;
        }
        catch (AggregateException e) when (e.InnerException is not null)
        {
            throw Problem(path, "cannot be read: " + Reason(e.InnerException!));
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

    private static ScenarioException Problem(string path, string message) => new([new ScenarioError(path, 0, 0, "(file)", message)]);

    private static (Scenario, string, string) FromPreset(string name) => (Presets.Load(name), Presets.Text(name)!, "preset:" + name);
}
