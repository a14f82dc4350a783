using System.CommandLine;

namespace Matchday.Cli.Commands;

/// <summary>Placeholder.</summary>
internal static class ReportCommand
{
    public static Command Create() => new("report", "A self-contained HTML report.");
}
