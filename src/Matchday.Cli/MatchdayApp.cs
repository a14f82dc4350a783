using System.CommandLine;
using Matchday.Cli.Commands;

namespace Matchday.Cli;

/// <summary>The `matchday` command: a table of contents. Each command lives in Commands/, the math in Matchday.Core.</summary>
internal static class MatchdayApp
{
    private const string ExitCodes = "Exit codes: 0 ok; 1 an objective broken or a finding at --fail-on; 2 bad input or usage; 130 interrupted.";

    public static RootCommand Build()
    {
        var root = new RootCommand("Matchday: capacity planner and event simulator for live-streaming mega-events. " + ExitCodes);
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ArtifactsCommand.Create());
        root.Subcommands.Add(PlayersCommand.Create());
        root.Subcommands.Add(ScenarioCommand.Create());
        root.Subcommands.Add(SchemaCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs. Bare <c>matchday</c> prints the usage; a mistyped command or option gets a "did you mean";
    /// parse errors exit with 2; Ctrl-C restores the cursor, removes half-written files and exits with 130.
    /// </summary>
    public static int Run(string[] args)
    {
        if (args.Length == 0) args = ["--help"];
        OutputFiles.BeginRun();
        // No response files: "@cap:2" is a value (an ABR cap), not a file of arguments to read.
        var result = Build().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // [suggest] is the shell completion directive (dotnet-suggest): its words are a command line being typed.
        if (args[0].StartsWith("[suggest", StringComparison.Ordinal)) return result.Invoke();
        if (CommandLine.Mistyped(result) is { } mistyped)
        {
            Console.Error.WriteLine("error: " + mistyped);
            return CommandRunner.BadInput;
        }
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors) Console.Error.WriteLine("error: " + error.Message);
            return CommandRunner.BadInput;
        }
        Console.CancelKeyPress += OnCancel;
        try
        {
            return result.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return Crashed(e, Console.Error);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }

    /// <summary>
    /// An exception escaped a command: not the user's input (exit 2) nor a gate (exit 1) but a bug. Says so, with what
    /// a report needs, removes anything half-written, and exits with a code of its own (70, sysexits.h EX_SOFTWARE) so a
    /// CI gate cannot mistake a crash for a broken objective.
    /// </summary>
    internal static int Crashed(Exception e, TextWriter error)
    {
        OutputFiles.RemovePending();
        error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
        error.WriteLine("This is a bug in Matchday, not a problem with the input: please report it with the command line and the scenario. Nothing partial was written.");
        error.WriteLine(e.ToString());
        return CommandRunner.InternalError;
    }

    private static void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        // Progress bars hide the cursor: show it again, drop what is half-written, and stop as a shell expects (128 + SIGINT).
        if (!Console.IsErrorRedirected) Console.Error.Write("\u001b[?25h\n");
        OutputFiles.RemovePending();
        Console.Error.WriteLine("interrupted; nothing partial was written.");
        Console.Error.Flush();
        // Once the half-written files are gone there is nothing left to do: end at once, as C's _exit does, rather than
        // through the runtime's orderly shutdown while worker threads are deep in a night (once, on a loaded machine, a
        // sweep was still running a minute after Ctrl-C; the cause was not found, and _exit leaves nothing to wait on).
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) ImmediateExit(CommandRunner.Interrupted);
        Environment.Exit(CommandRunner.Interrupted);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "_exit")]
    private static extern void ImmediateExit(int status);
}
