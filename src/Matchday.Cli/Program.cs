using System.CommandLine;
using Matchday.Cli.Commands;

// The `matchday` command: a table of contents. Each command lives in Commands/, the math in Matchday.Core.
var root = new RootCommand("Matchday: capacity planner and event simulator for live-streaming mega-events.");
root.Subcommands.Add(PlanCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(ScenarioCommand.Create());
return root.Parse(args).Invoke();
