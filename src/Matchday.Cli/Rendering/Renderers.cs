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
            var (table, dropped, titleAbove) = ToTable(section, width);
            if (titleAbove) console.MarkupLine($"[bold]{Markup.Escape(section.Title)}[/]");
            console.Write(table);
            var notes = dropped.Count == 0 ? section.Notes
                : [.. section.Notes, $"Left out to fit {width} columns: {string.Join(", ", dropped)} (a wider terminal, COLUMNS=160, or --format csv/json has them)."];
            // Indented as a block, so a note that wraps stays under its first line.
            foreach (var note in notes)
                foreach (var line in Wrap(note, width - 2)) console.MarkupLine($"  [grey]{Markup.Escape(line)}[/]");
        }
        return writer.ToString();
    }

    /// <summary>Words into lines of at most <paramref name="width"/> characters (a longer word stands alone).</summary>
    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }

    /// <summary>Text columns narrower than this are dropped rather than wrapped further.</summary>
    private const int MinWrapWidth = 12;

    /// <summary>Columns whose cells are at most this wide never wrap.</summary>
    private const int MaxNoWrap = 20;

    /// <summary>
    /// A section as a table that fits <paramref name="width"/>: numbers and the first column never wrap (a number is
    /// never broken), text columns wrap; when that does not fit, headers wider than their cells are broken at spaces
    /// ("startup p50" over two lines above "1.71 s"); when even that does not fit, columns are left out from the right
    /// and named. A title wider than the table is written on its own line above it (a table's own title would wrap to
    /// its width).
    /// </summary>
    private static (Table Table, List<string> Dropped, bool TitleAbove) ToTable(Section section, int width)
    {
        var n = section.Columns.Count;
        int Cells(int c) => section.Rows.Select(r => c < r.Count ? r[c].Length : 0).DefaultIfEmpty(0).Max();
        int LongestWord(string text) => text.Split(' ').Max(w => w.Length);
        // Short cells (a number with its unit) never wrap; longer text wraps at spaces, never inside a word or a number.
        bool Wraps(int c) => Math.Max(section.Columns[c].Length, Cells(c)) > MaxNoWrap;
        // 0: headers on one line; 2: broken onto at most two lines; 1: onto as many as their longest word needs.
        var headerLines = 0;
        int Header(int c)
        {
            var header = section.Columns[c];
            if (headerLines == 0) return header.Length;
            var w = Math.Max(LongestWord(header), Cells(c));
            while (headerLines == 2 && w < header.Length && Wrap(header, w).Count() > 2) w++;
            return w;
        }
        int Natural(int c) => Math.Max(Header(c), Cells(c));
        int Minimum(int c) => Wraps(c)
            ? Math.Max(MinWrapWidth, section.Rows.SelectMany(r => c < r.Count ? r[c].Split(' ') : []).Append(section.Columns[c]).Select(w => w.Length).DefaultIfEmpty(0).Max())
            : Natural(c);
        bool Fits(List<int> columns) => columns.Sum(Minimum) + 3 * columns.Count + 1 <= width;
        // The first layout that fits these columns: headers on one line, on two, then one word per line.
        bool Layout(List<int> columns)
        {
            foreach (var lines in (ReadOnlySpan<int>)[0, 2, 1])
            {
                headerLines = lines;
                if (Fits(columns)) return true;
            }
            return false;
        }
        var kept = Enumerable.Range(0, n).ToList();
        var dropped = new List<string>();
        while (!Layout(kept) && kept.Count > 1)
        {
            dropped.Insert(0, section.Columns[kept[^1]]);
            kept.RemoveAt(kept.Count - 1);
        }
        var tableWidth = Math.Min(width, kept.Sum(Natural) + 3 * kept.Count + 1);
        var titleAbove = section.Title.Length > tableWidth;
        var table = new Table().Border(TableBorder.Rounded).LeftAligned();
        if (!titleAbove) table.Title($"[bold]{Markup.Escape(section.Title)}[/]");
        foreach (var c in kept)
        {
            var header = section.Columns[c];
            if (headerLines > 0 && !Wraps(c)) header = string.Join('\n', Wrap(header, Natural(c)));
            var column = new TableColumn(Markup.Escape(header));
            if (section.IsNumeric(c)) column.RightAligned();
            if (!Wraps(c)) column.NoWrap();
            table.AddColumn(column);
        }
        foreach (var row in section.Rows) table.AddRow(kept.Select(c => (IRenderable)new Text(c < row.Count ? row[c] : "")).ToArray());
        return (table, dropped, titleAbove);
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
