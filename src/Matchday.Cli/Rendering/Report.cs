using Matchday.Cli.Commands;

namespace Matchday.Cli.Rendering;

/// <summary>A titled table of a report: the same content renders as a terminal table, Markdown or CSV.</summary>
internal sealed record Section(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<string> Notes)
{
    /// <summary>Columns after the first that hold numbers are right-aligned.</summary>
    public bool IsNumeric(int column) => column > 0 && Rows.Count > 0 && Rows.All(r => r.Count <= column || LooksNumeric(r[column]));

    private static bool LooksNumeric(string cell) =>
        cell.Length == 0 || cell == "-" || char.IsDigit(cell[0]) || cell[0] is '$' or '-' or '+' && cell.Length > 1 && (char.IsDigit(cell[1]) || cell[1] == '$');
}

/// <summary>A report: a heading and its sections.</summary>
internal sealed record Report(string Title, IReadOnlyList<Section> Sections)
{
    /// <summary>The report with an "Inputs" section first when overrides were applied, so the result says what it was computed from.</summary>
    public Report WithInputs(Inputs inputs)
    {
        if (inputs.Overrides.IsEmpty) return this;
        var b = new SectionBuilder("Inputs", "input", "value").Row("scenario", inputs.Scenario);
        foreach (var o in inputs.Overrides) b.Row("--set " + o.Path, o.Value);
        return this with { Sections = [b.Build(), .. Sections] };
    }

    /// <summary>Each section's notes as (key, text), for data outputs that carry them.</summary>
    public IEnumerable<(string Key, string Text)> NoteRows() =>
        Sections.SelectMany(s => s.Notes.Select((n, i) => ($"notes[{s.Title}][{i}]", n)));
}

/// <summary>Builds sections row by row.</summary>
internal sealed class SectionBuilder(string title, params string[] columns)
{
    private readonly List<IReadOnlyList<string>> _rows = [];
    private readonly List<string> _notes = [];

    public SectionBuilder Row(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public SectionBuilder Note(string note)
    {
        _notes.Add(note);
        return this;
    }

    public Section Build() => new(title, columns, _rows, _notes);
}
