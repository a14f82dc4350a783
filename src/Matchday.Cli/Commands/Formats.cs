using System.CommandLine;
using Matchday.Cli.Rendering;

namespace Matchday.Cli.Commands;

/// <summary>The output options every reporting command shares.</summary>
internal static class Formats
{
    public static readonly string[] Names = ["table", "json", "markdown", "csv"];

    public static Option<string> FormatOption() => new("--format", "-f")
    {
        Description = "Output format: table, json, markdown or csv.",
        DefaultValueFactory = _ => "table",
    };

    public static Option<string?> OutOption() => new("--out", "-o")
    {
        Description = "Write to this file instead of stdout (written whole or not at all).",
    };

    public static void Validate(Option<string> format, System.CommandLine.Parsing.OptionResult result)
    {
        var value = result.GetValueOrDefault<string>();
        if (!Names.Contains(value)) result.AddError($"--format must be one of {string.Join(", ", Names)} (got '{value}')");
    }

    /// <summary>Renders a report in the chosen format; tables are as wide as the terminal, or 160 columns in a file.</summary>
    public static string Render(Report report, string format, bool toFile, Func<string> json) => format switch
    {
        "json" => json(),
        "markdown" => Renderers.Markdown(report),
        "csv" => Renderers.Csv(report),
        _ => Renderers.Table(report, toFile || Console.IsOutputRedirected ? 160 : Math.Max(100, SafeWidth()), color: !toFile && !Console.IsOutputRedirected),
    };

    private static int SafeWidth()
    {
        try { return Console.WindowWidth; }
        catch (IOException) { return 160; }
    }
}
