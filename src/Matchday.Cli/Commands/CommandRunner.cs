using Matchday.Core.Scenarios.Reading;
using Spectre.Console;

namespace Matchday.Cli.Commands;

/// <summary>Exit codes and error reporting shared by the commands.</summary>
internal static class CommandRunner
{
    public const int Ok = 0;
    /// <summary>The findings of an audit include errors or critical ones (with --strict).</summary>
    public const int Findings = 1;
    /// <summary>Bad input: a scenario, an option or a path that cannot be used.</summary>
    public const int BadInput = 2;

    /// <summary>Runs a command body, turning bad input into located messages on stderr and exit code 2.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (ScenarioException e)
        {
            var err = Console.Error;
            // A request setting (File empty) was given as an option of the same name.
            foreach (var error in e.Errors) err.WriteLine("error: " + (error.File.Length == 0 ? $"--{error.Field}: {error.Message}" : error.ToString()));
            if (e.Errors.Count == 0) err.WriteLine("error: " + e.Message);
            err.WriteLine($"{e.Errors.Count} error(s); nothing was written.");
            return BadInput;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return BadInput;
        }
    }

    /// <summary>Writes the output to stdout, or atomically to a file: a temporary file renamed into place, so nothing partial is left.</summary>
    public static void Emit(string content, string? outPath)
    {
        if (outPath is null)
        {
            Console.Out.Write(content);
            return;
        }
        if (outPath.Trim().Length == 0) throw new UsageException("--out: empty path; give a file name");
        if (Directory.Exists(outPath) || Path.EndsInDirectorySeparator(outPath)) throw new UsageException($"--out {outPath}: is a directory; give a file name");
        string full;
        try
        {
            full = Path.GetFullPath(outPath);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UsageException($"--out {outPath}: not a usable path ({e.Message})");
        }
        var dir = Path.GetDirectoryName(full);
        if (dir is null || !Directory.Exists(dir)) throw new UsageException($"--out {outPath}: directory {dir} does not exist");
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temp, content);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temp)) File.Delete(temp);
            throw new UsageException($"--out {outPath}: {e.Message}");
        }
        AnsiConsole.Console.Profile.Out.Writer.Flush();
        Console.Error.WriteLine($"wrote {outPath}");
    }
}

/// <summary>A command-line mistake the user can fix: a bad option value, an unwritable path.</summary>
internal sealed class UsageException(string message) : Exception(message);
