using System.CommandLine;
using Matchday.Cli.Rendering;
using Matchday.Core.Text;

namespace Matchday.Cli.Commands;

/// <summary>
/// <c>--format</c> and <c>--out</c>, as every command takes them: the format is case-insensitive and, when absent,
/// inferred from the extension of <c>--out</c> (<c>plan.json</c> is JSON); the output path is checked before the work starts.
/// </summary>
internal sealed class OutputOptions
{
    private static readonly (string Extension, string Format)[] Extensions =
        [(".json", "json"), (".md", "markdown"), (".markdown", "markdown"), (".csv", "csv"), (".txt", "table"), (".html", "html"), (".htm", "html")];

    private readonly string[] _formats;
    private readonly string _command;

    public Option<string?> Format { get; }
    public Option<string?> Out { get; }

    public OutputOptions(Command command, string[] formats, string? outDescription = null)
    {
        _formats = formats;
        _command = command.Name;
        Format = new Option<string?>("--format", "-f") { Description = $"Output format: {string.Join(", ", formats)} (default: from the --out extension, else {formats[0]}).", HelpName = "FORMAT" };
        Format.CompletionSources.Add(formats);
        Format.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0) return;
            var value = r.Tokens[0].Value;
            if (!formats.Contains(value.ToLowerInvariant()))
                r.AddError($"--format {value}: expected one of {string.Join(", ", formats)}{Suggestions.Hint(value, formats)}");
        });
        Out = new Option<string?>("--out", "-o") { Description = outDescription ?? "Write to this file instead of stdout (written whole or not at all; the extension sets the format).", HelpName = "FILE" };
        command.Add(Format);
        command.Add(Out);
    }

    /// <summary>The format and output file, checked: call before the work starts.</summary>
    public (string Format, string? Out) Resolve(ParseResult parse)
    {
        var outPath = parse.GetValue(Out);
        if (outPath is not null) OutputFiles.CheckFile(outPath, "--out");
        var given = parse.GetValue(Format)?.ToLowerInvariant();
        if (given is not null) return (given, outPath);
        var (extension, inferred) = outPath is null ? default : Extensions.FirstOrDefault(e => outPath.EndsWith(e.Extension, StringComparison.OrdinalIgnoreCase));
        // A name that says a format this command does not write (simulate --out night.csv) is refused rather than
        // filled with a table under that name.
        if (inferred is not null && !_formats.Contains(inferred))
        {
            var names = Extensions.Where(e => _formats.Contains(e.Format)).Select(e => e.Extension).ToArray();
            throw new UsageException($"--out {outPath}: {_command} does not write {inferred} ({extension}); it writes {string.Join(", ", _formats)}: name the file {string.Join(", ", names)}, or give --format");
        }
        return (inferred ?? _formats[0], outPath);
    }
}

/// <summary>The report formats and how tables fit the terminal.</summary>
internal static class Formats
{
    public static readonly string[] Names = ["table", "json", "markdown", "csv"];

    /// <summary>Renders a report in the chosen format; tables fit the terminal (<see cref="Terminal.Width"/>), 160 columns in a file.</summary>
    public static string Render(Report report, string format, bool toFile, Func<string> json, Func<string>? csv = null) => format switch
    {
        "json" => json(),
        "markdown" => Renderers.Markdown(report),
        "csv" => csv is null ? Renderers.Csv(report) : csv(),
        _ => Renderers.Table(report, toFile ? 160 : Terminal.Width(), color: !toFile && Terminal.Color),
    };
}

/// <summary>The terminal's width and colour: <c>COLUMNS</c> when set (also when piped), else the window, else 160.</summary>
internal static class Terminal
{
    public static int Width()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns >= 40) return Math.Min(columns, 400);
        if (Console.IsOutputRedirected) return 160;
        try { return Math.Max(40, Console.WindowWidth); }
        catch (IOException) { return 160; }
    }

    public static bool Color => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
}
