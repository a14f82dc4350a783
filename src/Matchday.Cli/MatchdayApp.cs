using System.CommandLine;
using Matchday.Cli.Commands;

namespace Matchday.Cli;

/// <summary>The `matchday` command: a table of contents. Each command lives in Commands/, the math in Matchday.Core.</summary>
internal static class MatchdayApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Matchday: capacity planner and event simulator for live-streaming mega-events.");
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(ScenarioCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(PlayersCommand.Create());
        return root;
    }

    /// <summary>Parses and runs; parse errors (unknown options, bad values) exit with 2.</summary>
    public static int Run(string[] args)
    {
        var result = Build().Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors) Console.Error.WriteLine("error: " + error.Message);
            return CommandRunner.BadInput;
        }
        return result.Invoke();
    }
}
