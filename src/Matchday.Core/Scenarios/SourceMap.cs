using System.Globalization;

namespace Matchday.Core.Scenarios;

/// <summary>
/// Where each field of a scenario was written: its file, and the line and column of every field path the reader found
/// (<c>regions[1].capacity</c>, <c>delivery.cdns[0].traffic</c>). Findings use it to point at the figures they involve.
/// Where a figure was written is not part of the scenario: any two source maps compare equal.
/// </summary>
public sealed class SourceMap
{
    /// <summary>No file: a scenario built in code.</summary>
    public static SourceMap None { get; } = new("", new Dictionary<string, (int, int)>());

    private readonly Dictionary<string, (int Line, int Column)> _fields;
    private readonly Dictionary<string, string> _overridden;

    /// <param name="file">The file, or <c>preset:NAME</c>.</param>
    /// <param name="fields">Each field path the reader found, at its line and column.</param>
    /// <param name="overridden">
    /// Fields a <c>--set</c> wrote (the shallowest field it wrote, as the reader names it), each with the override as
    /// the command line gave it: they and every field below them were written there, not in the file.
    /// </param>
    public SourceMap(string file, IReadOnlyDictionary<string, (int Line, int Column)> fields, IReadOnlyDictionary<string, string>? overridden = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        File = file;
        _fields = new Dictionary<string, (int Line, int Column)>(fields, StringComparer.Ordinal);
        _overridden = new Dictionary<string, string>(overridden ?? new Dictionary<string, string>(), StringComparer.Ordinal);
    }

    /// <summary>The file the scenario was read from (<c>preset:NAME</c> for a built-in one).</summary>
    public string File { get; }

    /// <summary>
    /// The line and column of <paramref name="field"/>, or of the nearest enclosing field that was written
    /// (<c>regions[1].share</c> falls back to <c>regions[1]</c>, then <c>regions</c>); null when none was.
    /// </summary>
    public (int Line, int Column)? Find(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        for (var path = field; path.Length > 0; path = Parent(path))
        {
            if (_fields.TryGetValue(path, out var at)) return at;
        }
        return null;
    }

    /// <summary>
    /// <c>file:line:col</c> of the field; <c>--set PATH=VALUE</c> when an override wrote it (or a field above it); null
    /// when neither.
    /// </summary>
    public string? Locate(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        for (var path = field; path.Length > 0 && _overridden.Count > 0; path = Parent(path))
        {
            if (_overridden.TryGetValue(path, out var by)) return "--set " + by;
        }
        return Find(field) is { } at ? string.Create(CultureInfo.InvariantCulture, $"{File}:{at.Line}:{at.Column}") : null;
    }

    /// <summary><c>a.b[2].c</c> → <c>a.b[2]</c> → <c>a.b</c> → <c>a</c> → empty.</summary>
    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    public override bool Equals(object? obj) => obj is SourceMap;
    public override int GetHashCode() => 0;
}
