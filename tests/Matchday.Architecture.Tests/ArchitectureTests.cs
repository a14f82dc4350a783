using System.Reflection;

namespace Matchday.Architecture.Tests;

/// <summary>
/// The layering the folders promise, checked on the built assemblies: Core depends on nothing of ours, Simulation on
/// Core only, and neither reads the clock, the console, shared randomness or files (the front ends do that).
/// </summary>
public class ArchitectureTests
{
    private static readonly Assembly Core = typeof(Matchday.Core.Scenarios.Scenario).Assembly;
    private static readonly Assembly Simulation = typeof(Matchday.Simulation.Events.EventSimulator).Assembly;
    private static readonly Assembly Cli = Assembly.Load("matchday");

    private static string[] References(Assembly a) => [.. a.GetReferencedAssemblies().Select(r => r.Name!)];

    [Fact]
    public void Core_references_neither_simulation_nor_cli()
    {
        Assert.DoesNotContain("Matchday.Simulation", References(Core));
        Assert.DoesNotContain("matchday", References(Core));
    }

    [Fact]
    public void Simulation_references_core_but_not_cli()
    {
        Assert.Contains("Matchday.Core", References(Simulation));
        Assert.DoesNotContain("matchday", References(Simulation));
        Assert.Equal("matchday", Cli.GetName().Name);
    }

    /// <summary>Members no engine may use: time and randomness are parameters, output belongs to the front end.</summary>
    private static readonly (string Type, string? Member, string Why, string FirstParameter)[] Impure =
    [
        ("System.DateTime", "get_Now", "the clock", ""),
        ("System.DateTime", "get_UtcNow", "the clock", ""),
        ("System.DateTime", "get_Today", "the clock", ""),
        ("System.DateTimeOffset", "get_Now", "the clock", ""),
        ("System.DateTimeOffset", "get_UtcNow", "the clock", ""),
        ("System.TimeProvider", "get_System", "the clock", ""),
        ("System.Environment", "get_TickCount", "the clock", ""),
        ("System.Environment", "get_TickCount64", "the clock", ""),
        ("System.Diagnostics.Stopwatch", null, "the clock", ""),
        ("System.Random", "get_Shared", "shared randomness", ""),
        ("System.Random", ".ctor", "unseeded randomness (use the seeded generator)", ""),
        ("System.Guid", "NewGuid", "randomness", ""),
        ("System.Console", null, "the console", ""),
        ("System.IO.File", null, "file I/O", ""),
        ("System.IO.Directory", null, "file I/O", ""),
        ("System.IO.FileStream", null, "file I/O", ""),
        ("System.IO.FileInfo", null, "file I/O", ""),
        ("System.IO.DirectoryInfo", null, "file I/O", ""),
        ("System.IO.StreamReader", ".ctor", "file I/O (a reader over a path; parse text the front end read)", "System.String"),
        ("System.IO.StreamWriter", ".ctor", "file I/O (a writer over a path)", "System.String"),
    ];

    // Trace and manifest files are read by the front end (Matchday.Cli.Commands.TraceFiles); the engines parse text.
    public static TheoryData<string, bool> PureAssemblies => new() { { "Matchday.Core", true }, { "Matchday.Simulation", true } };

    [Theory]
    [MemberData(nameof(PureAssemblies))]
    public void Core_and_simulation_use_no_clock_console_shared_randomness_or_files(string assembly, bool files)
    {
        var a = assembly == "Matchday.Core" ? Core : Simulation;
        var uses = IlCalls.Of(a.Location);
        Assert.NotEmpty(uses);
        var rules = files ? Impure : [.. Impure.Where(i => !i.Why.StartsWith("file", StringComparison.Ordinal))];
        var violations = uses
            .Select(u => (Use: u, Rule: rules.FirstOrDefault(i => u.Type == i.Type && (i.Member is null || u.Member == i.Member) && (i.FirstParameter.Length == 0 || u.FirstParameter == i.FirstParameter))))
            .Where(x => x.Rule.Type is not null)
            .Select(x => $"{x.Use} ({x.Rule.Why})")
            .Distinct()
            .ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void The_scanner_sees_what_the_cli_does()
    {
        // The CLI writes files and the console: if the scanner found nothing there it would pass anything.
        var uses = IlCalls.Of(Cli.Location);
        Assert.Contains(uses, u => u.Type == "System.Console");
        Assert.Contains(uses, u => u.Type == "System.IO.File");
    }
}
