using Matchday.Core.Scenarios.Reading;
using Spectre.Console;

namespace Matchday.Cli.Commands;

/// <summary>
/// Exit codes and error reporting shared by the commands. The exit codes, in one place (README "Exit codes"):
/// 0 ok; 1 an objective broken or a finding at or above --fail-on; 2 bad input or usage; 70 an internal error (a bug);
/// 130 interrupted (Ctrl-C).
/// </summary>
internal static class CommandRunner
{
    public const int Ok = 0;
    /// <summary>A gate failed: an SLO broken (simulate, sweep), a finding at or above --fail-on (plan, audit), a difference (diff --fail-on).</summary>
    public const int Findings = 1;
    /// <summary>Bad input: a scenario, an option or a path that cannot be used.</summary>
    public const int BadInput = 2;
    /// <summary>Interrupted by Ctrl-C (128 + SIGINT): nothing partial is left behind.</summary>
    public const int Interrupted = 130;
    /// <summary>A bug: an exception no input should cause (sysexits.h EX_SOFTWARE); the message asks for a report.</summary>
    public const int InternalError = 70;

    /// <summary>The most errors printed for one input; the count says how many there were.</summary>
    public const int MaxErrorsShown = 100;

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
            // A file of a hundred thousand unknown keys is one mistake made many times: show enough to see it.
            foreach (var error in e.Errors.Take(MaxErrorsShown)) err.WriteLine("error: " + (error.File.Length == 0 ? $"--{error.Field}: {error.Message}" : error.ToString()));
            if (e.Errors.Count > MaxErrorsShown) err.WriteLine($"({e.Errors.Count - MaxErrorsShown:N0} more errors not shown)");
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
            ToStdout(() => Console.Out.Write(content));
            return;
        }
        OutputFiles.WriteAtomically(outPath, "--out", temp => File.WriteAllText(temp, content));
        AnsiConsole.Console.Profile.Out.Writer.Flush();
        Console.Error.WriteLine($"wrote {outPath}");
    }

    /// <summary>
    /// Writes output too large to hold as one string (a row per viewer) through <paramref name="write"/>: to a staged
    /// file renamed into place (nothing is left if it fails), or to stdout when <paramref name="outPath"/> is null.
    /// </summary>
    public static void Stream(string? outPath, Action<TextWriter> write)
    {
        if (outPath is null)
        {
            ToStdout(() =>
            {
                write(Console.Out);
                Console.Out.Flush();
            });
            return;
        }
        OutputFiles.WriteAtomically(outPath, "--out", temp =>
        {
            using var file = new StreamWriter(temp, append: false, new System.Text.UTF8Encoding(false), 1 << 16);
            write(file);
        });
        AnsiConsole.Console.Profile.Out.Writer.Flush();
        Console.Error.WriteLine($"wrote {outPath}");
    }

    /// <summary>
    /// Writes to stdout; a stdout that refuses the write (a full disk behind a redirect, <c>&gt; /dev/full</c>) is an
    /// error the user can act on, as the same failure with <c>--out</c> is, not an internal one.
    /// </summary>
    private static void ToStdout(Action write)
    {
        try
        {
            write();
        }
        catch (IOException e)
        {
            throw new UsageException($"stdout: {e.Message} (what was written before the failure is incomplete; --out FILE writes a file whole or not at all)");
        }
    }

    /// <summary>
    /// Writes a side file (<paramref name="option"/>, e.g. <c>--log</c>) and the output (to <paramref name="outPath"/>,
    /// or stdout when null) together: neither file is left if either cannot be written.
    /// </summary>
    public static void EmitWith(string content, string? outPath, string sideContent, string sidePath, string option)
    {
        var files = new List<(string, string, Action<string>)> { (sidePath, option, temp => File.WriteAllText(temp, sideContent)) };
        if (outPath is not null) files.Add((outPath, "--out", temp => File.WriteAllText(temp, content)));
        OutputFiles.WriteTogether(files);
        if (outPath is null) ToStdout(() => Console.Out.Write(content));
        AnsiConsole.Console.Profile.Out.Writer.Flush();
        Console.Error.WriteLine($"wrote {sidePath}");
        if (outPath is not null) Console.Error.WriteLine($"wrote {outPath}");
    }
}

/// <summary>A command-line mistake the user can fix: a bad option value, an unwritable path.</summary>
internal sealed class UsageException(string message) : Exception(message);
