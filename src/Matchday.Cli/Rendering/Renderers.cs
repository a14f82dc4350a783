using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Matchday.Cli.Rendering;

/// <summary>Renders a report as aligned terminal tables (Spectre.Console), Markdown or tidy CSV.</summary>
internal static class Renderers
{
    /// <summary>Terminal tables. <paramref name="width"/> fixes the layout (tests, files); colour only on a terminal.</summary>
    public static string Table(Report report, int width = 120, bool color = false)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        console.Write(new Rule($"[bold]{Markup.Escape(report.Title)}[/]").LeftJustified());
        foreach (var section in report.Sections)
        {
            console.WriteLine();
            console.Write(ToTable(section));
            foreach (var note in section.Notes) console.MarkupLine($"  [grey]{Markup.Escape(note)}[/]");
        }
        return writer.ToString();
    }

    private static Table ToTable(Section section)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(section.Title)}[/]").LeftAligned();
        for (var c = 0; c < section.Columns.Count; c++)
        {
            var column = new TableColumn(Markup.Escape(section.Columns[c]));
            if (section.IsNumeric(c)) column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var row in section.Rows) table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        return table;
    }

    public static string Markdown(Report report)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(report.Title).Append('\n');
        foreach (var section in report.Sections)
        {
            sb.Append("\n## ").Append(section.Title).Append("\n\n");
            sb.Append("| ").AppendJoin(" | ", section.Columns.Select(Escape)).Append(" |\n");
            sb.Append('|').AppendJoin('|', section.Columns.Select((_, i) => section.IsNumeric(i) ? "---:" : "---")).Append("|\n");
            foreach (var row in section.Rows) sb.Append("| ").AppendJoin(" | ", row.Select(Escape)).Append(" |\n");
            foreach (var note in section.Notes) sb.Append("\n> ").Append(note).Append('\n');
        }
        return sb.ToString();

        static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);
    }

    /// <summary>Tidy CSV: one line per cell, <c>section,row,column,value</c>, RFC 4180 quoting.</summary>
    public static string Csv(Report report)
    {
        var sb = new StringBuilder("section,row,column,value\n");
        foreach (var section in report.Sections)
        {
            foreach (var row in section.Rows)
            {
                for (var c = 1; c < row.Count; c++)
                {
                    sb.AppendJoin(',', new[] { section.Title, row[0], section.Columns[c], row[c] }.Select(Quote)).Append('\n');
                }
            }
        }
        return sb.ToString();

        static string Quote(string s) =>
            s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }
}
