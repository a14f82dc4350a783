using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matchday.Core.Units;
using YamlDotNet.RepresentationModel;

namespace Matchday.Cli.Rendering;

/// <summary>
/// What differs between two scenarios or two saved outputs: every input that differs and every output figure that
/// changed, with the absolute and relative change, largest first.
/// </summary>
internal sealed record DiffOutput(string A, string B, string Compared, ImmutableArray<DiffOutput.Change> Inputs, ImmutableArray<DiffOutput.Change> Outputs)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// One difference at <c>key</c> (a scenario path as <c>--set</c> writes it, or a JSON path with list items by name):
    /// the two texts, and where both are numbers (in the base units of docs/json.md) the change and the relative change
    /// (null from zero). <c>a</c> or <c>b</c> is null where only the other has the key.
    /// </summary>
    public sealed record Change(string Key, string? A, string? B, double? ValueA, double? ValueB, double? Delta, double? Relative);

    public bool Same => Inputs.IsEmpty && Outputs.IsEmpty;

    /// <summary>Leaves of a YAML scenario: <c>path → text</c>, list items by their name, phase or codec (as <c>--set</c> paths).</summary>
    public static Dictionary<string, string> Leaves(YamlNode root)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(YamlNode node, string key)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (k, v) in map.Children) Walk(v, Join(key, ((YamlScalarNode)k).Value ?? ""));
                    break;
                case YamlSequenceNode seq:
                    if (seq.Children.All(c => c is YamlScalarNode)) { leaves[key] = "[" + string.Join(", ", seq.Children.Select(c => ((YamlScalarNode)c).Value)) + "]"; break; }
                    for (var i = 0; i < seq.Children.Count; i++) Walk(seq.Children[i], $"{key}[{ItemName(seq.Children[i]) ?? i.ToString(Inv)}]");
                    break;
                case YamlScalarNode s:
                    leaves[key] = s.Value ?? "";
                    break;
            }
        }
        Walk(root, "");
        return leaves;

        static string? ItemName(YamlNode n) => n is YamlMappingNode m
            ? new[] { "name", "phase", "codec" }.Select(k => m.Children.TryGetValue(new YamlScalarNode(k), out var v) ? (v as YamlScalarNode)?.Value : null).FirstOrDefault(v => v is not null)
            : null;
    }

    /// <summary>Leaves of a JSON document: <c>path → value</c>, list items by their name, stage, cell, rule, objective, region/cdn or category.</summary>
    public static Dictionary<string, JsonNode?> Leaves(JsonNode? root)
    {
        var leaves = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        void Walk(JsonNode? node, string key)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (k, v) in o) Walk(v, Join(key, k));
                    break;
                case JsonArray a:
                    var used = new HashSet<string>(StringComparer.Ordinal);
                    for (var i = 0; i < a.Count; i++)
                    {
                        var name = ItemName(a[i]) ?? i.ToString(Inv);
                        if (!used.Add(name)) name = $"{name}#{i}";
                        Walk(a[i], $"{key}[{name}]");
                    }
                    break;
                default:
                    leaves[key] = node;
                    break;
            }
        }
        Walk(root, "");
        return leaves;

        static string? ItemName(JsonNode? n)
        {
            if (n is not JsonObject o) return null;
            string? Text(string k) => o[k] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (Text("region") is { } r && Text("cdn") is { } c) return $"{r}/{c}";
            if (Text("category") is { } cat && Text("item") is { } item) return $"{cat}/{item}";
            return new[] { "name", "stage", "cell", "rule", "objective", "profile", "region", "cdn", "codec", "rung", "phase" }.Select(Text).FirstOrDefault(x => x is not null);
        }
    }

    /// <summary>The differences between two sets of leaves, largest relative change first.</summary>
    public static ImmutableArray<Change> Compare<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b, Func<T, (string? Text, double? Number)> read)
    {
        var changes = new List<Change>();
        foreach (var key in a.Keys.Union(b.Keys).Distinct())
        {
            var (ta, na) = a.TryGetValue(key, out var va) ? read(va) : (null, null);
            var (tb, nb) = b.TryGetValue(key, out var vb) ? read(vb) : (null, null);
            if (na is not null && nb is not null ? na.Value.Equals(nb.Value) : string.Equals(ta, tb, StringComparison.Ordinal)) continue;
            double? delta = na is not null && nb is not null ? nb - na : null;
            double? relative = delta is not null && na != 0 ? delta / Math.Abs(na!.Value) : null;
            changes.Add(new Change(key, ta, tb, na, nb, delta, relative));
        }
        // Largest first: by relative change (from zero, or a change of kind, counts as the largest), then by key.
        return [.. changes.OrderByDescending(c => c.Relative is { } r ? Math.Abs(r) : double.PositiveInfinity).ThenBy(c => c.Key, StringComparer.Ordinal)];
    }

    /// <summary>A JSON leaf as text and, when it is a number, the number.</summary>
    public static (string? Text, double? Number) Read(JsonNode? node)
    {
        if (node is null) return ("null", null);
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number) { var d = v.GetValue<double>(); return (Text(d), d); }
            if (v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return (v.GetValue<bool>() ? "true" : "false", null);
            if (v.TryGetValue<string>(out var s)) return (s, null);
        }
        return (node.ToJsonString(), null);
    }

    /// <summary>A scenario value as text and, when it is a quantity, its number in base units.</summary>
    public static (string? Text, double? Number) Read(string text) => (text, AuditOutput.Quantity(text).Value);

    /// <summary>A number for people: 1.69P rather than 1,686,696,580,310,881 (the JSON keeps it whole).</summary>
    public static string Text(double x) =>
        Math.Abs(x) >= 1e15 ? x.ToString("0.###e0", Inv) : Math.Abs(x) >= 1e4 ? Humanize.Compact(x) : Humanize.Number(x, 4);

    private static string Join(string key, string name) => key.Length == 0 ? name : key + "." + name;

    /// <summary>The differences as report sections (at most <paramref name="limit"/> rows each; JSON has them all).</summary>
    public Report Report(int limit)
    {
        var title = Same ? $"Matchday diff: {A} and {B} are the same ({Compared})" : $"Matchday diff: {A} -> {B} ({Compared})";
        var sections = new List<Section>();
        if (!Inputs.IsEmpty) sections.Add(Section($"Inputs that differ ({Inputs.Length})", "input", Inputs, limit));
        if (!Outputs.IsEmpty) sections.Add(Section($"Outputs that changed ({Outputs.Length})", "figure", Outputs, limit));
        if (Same) sections.Add(new SectionBuilder("No differences", "compared", "result").Row(Compared, "same").Build());
        return new Report(title, sections);
    }

    private static Section Section(string title, string what, ImmutableArray<Change> changes, int limit)
    {
        var b = new SectionBuilder(title, what, "A", "B", "change", "relative");
        foreach (var c in changes.Take(limit))
            b.Row(c.Key, c.A ?? "(absent)", c.B ?? "(absent)", c.Delta is { } d ? (d > 0 ? "+" : "") + Text(d) : "", c.Relative is { } r ? (r > 0 ? "+" : "") + Ratio.FromFraction(r) : "");
        if (changes.Length > limit) b.Note($"{changes.Length - limit} more; --format json lists them all.");
        return b.Build();
    }
}
