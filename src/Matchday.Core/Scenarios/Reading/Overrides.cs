using System.Collections.Immutable;
using System.Text;
using Matchday.Core.Text;
using Matchday.Core.Units;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Matchday.Core.Scenarios.Reading;

/// <summary>
/// One <c>--set PATH=VALUE</c>: a field of the scenario replaced in the YAML before it is read, so the value goes through
/// the same kinds, bounds and cross-checks as the file. PATH is written as in the file: <c>ladder.codec</c>,
/// <c>tournament.stages.final.peak_viewers</c> (a list item by its name, phase or codec, or by index: <c>regions[0]</c>).
/// </summary>
public sealed record Override(string Path, string Value)
{
    /// <summary>Reads <c>PATH=VALUE</c>; the value may be a YAML flow list or mapping (<c>[720p, 1080p]</c>).</summary>
    public static Parsed<Override> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) return Parsed<Override>.Fail($"'{text}': expected PATH=VALUE, e.g. tournament.stages.final.peak_viewers=2B");
        var path = text[..eq].Trim();
        if (OverridePath.Split(path) is { Error: { } error }) return Parsed<Override>.Fail($"'{text}': {error}");
        return Parsed<Override>.Success(new Override(path, text[(eq + 1)..].Trim()));
    }

    /// <summary>How it is echoed in outputs: <c>ladder.codec=hevc</c>.</summary>
    public override string ToString() => $"{Path}={Value}";

    /// <summary>
    /// Puts <paramref name="overrides"/> in place in a parsed scenario, as <see cref="ScenarioReader.Read(string, string, IReadOnlyList{Override})"/>
    /// does before it reads, for a tool that shows the file's fields as the reader saw them (<c>matchday diff --set</c>).
    /// Returns the problems (a path that names nothing, say), each naming its override; the reader reports the same.
    /// </summary>
    public static IReadOnlyList<ScenarioError> ApplyTo(YamlMappingNode root, IReadOnlyList<Override> overrides)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(overrides);
        var errors = new List<ScenarioError>();
        Overrides.Apply(root, overrides, errors);
        return errors;
    }
}

/// <summary>The segments of an override's path: names, and list items by <c>[index]</c> or <c>[name]</c>.</summary>
internal static class OverridePath
{
    public static (ImmutableArray<string> Segments, string? Error) Split(string path)
    {
        var segments = ImmutableArray.CreateBuilder<string>();
        var current = new StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '.')
            {
                if (current.Length == 0) return ([], $"empty segment at column {i + 1} of the path");
                segments.Add(current.ToString());
                current.Clear();
            }
            else if (c == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0) return ([], $"unclosed '[' at column {i + 1} of the path");
                if (current.Length > 0) segments.Add(current.ToString());
                current.Clear();
                var inside = path[(i + 1)..close].Trim();
                if (inside.Length == 0) return ([], $"empty [] at column {i + 1} of the path");
                segments.Add(inside);
                i = close;
                if (i + 1 < path.Length && path[i + 1] == '.') i++;
            }
            else if (char.IsWhiteSpace(c)) return ([], $"space at column {i + 1} of the path");
            else current.Append(c);
        }
        if (current.Length > 0) segments.Add(current.ToString());
        return segments.Count == 0 ? ([], "empty path") : (segments.ToImmutable(), null);
    }
}

/// <summary>Applies overrides to a scenario's YAML tree and moves the reader's errors about them onto the override.</summary>
internal static class Overrides
{
    /// <summary>Keys that name a list item, in the order they are tried.</summary>
    private static readonly string[] ItemNames = ["name", "phase", "codec"];

    /// <summary>
    /// An override put in place: <paramref name="Field"/> is the shallowest field it wrote, as the reader names fields
    /// (<c>tournament.stages[5].peak_viewers</c>), so every error at or below it is the override's.
    /// </summary>
    internal sealed record Applied(Override Override, string Field);

    public static ImmutableArray<Applied> Apply(YamlMappingNode root, IReadOnlyList<Override> overrides, List<ScenarioError> errors)
    {
        var applied = ImmutableArray.CreateBuilder<Applied>();
        foreach (var o in overrides)
        {
            var result = ApplyOne(root, o);
            if (result.Error is { } e) errors.Add(Error(o, result.Field, e));
            else applied.Add(new Applied(o, result.Field));
        }
        return applied.ToImmutable();
    }

    public static ScenarioError Error(Override o, string field, string message) => new($"--set {o}", 0, 0, field.Length == 0 ? o.Path : field, message);

    /// <summary>An error the reader found in a field an override wrote is reported against the override, not the file.</summary>
    public static ScenarioError Relocate(ScenarioError e, ImmutableArray<Applied> applied)
    {
        // The last override of a field is the one that counts.
        for (var i = applied.Length - 1; i >= 0; i--)
        {
            var f = applied[i].Field;
            if (e.Field == f || e.Field.StartsWith(f + ".", StringComparison.Ordinal) || e.Field.StartsWith(f + "[", StringComparison.Ordinal))
                return Error(applied[i].Override, e.Field, e.Message);
        }
        // A check across fields names their section: when overrides wrote within it, the error says which, so a clash an
        // override made is not read as the file's alone.
        var within = applied.Where(a => e.Field.Length > 0 && (a.Field.StartsWith(e.Field + ".", StringComparison.Ordinal) || a.Field.StartsWith(e.Field + "[", StringComparison.Ordinal)))
            .Select(a => $"--set {a.Override}").Distinct().ToArray();
        return within.Length == 0 ? e : e with { Message = $"{e.Message} (with {string.Join(", ", within)})" };
    }

    private static (string Field, string? Error) ApplyOne(YamlMappingNode root, Override o)
    {
        var (segments, splitError) = OverridePath.Split(o.Path);
        if (splitError is not null) return ("", splitError);
        var value = ValueNode(o.Value);
        if (value.Error is not null) return ("", value.Error);

        // A path may leave out its top-level section when only one section has that field (stages.final... for tournament.stages.final...).
        var first = segments[0];
        if (!root.Children.ContainsKey(new YamlScalarNode(first)))
        {
            var owners = root.Children.Where(kv => kv.Value is YamlMappingNode m && m.Children.ContainsKey(new YamlScalarNode(first)))
                .Select(kv => ((YamlScalarNode)kv.Key).Value!).ToArray();
            if (owners.Length > 1) return (first, $"'{first}' is a field of {string.Join(" and ", owners)}: write {string.Join(" or ", owners.Select(x => x + "." + first))}");
            if (owners.Length == 1) segments = segments.Insert(0, owners[0]);
        }

        YamlNode node = root;
        var field = "";
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            switch (node)
            {
                case YamlMappingNode map:
                {
                    var key = new YamlScalarNode(segment);
                    var childField = field.Length == 0 ? segment : field + "." + segment;
                    if (last || !map.Children.TryGetValue(key, out var child))
                    {
                        // A field the file leaves out is added; intermediate sections are created. The reader then checks the name.
                        map.Children[key] = last ? value.Node! : Nest(segments, i + 1, value.Node!);
                        return (childField, null);
                    }
                    node = child;
                    field = childField;
                    break;
                }
                case YamlSequenceNode seq:
                {
                    var (index, error) = Item(seq, segment, field);
                    if (error is not null) return (field, error);
                    var itemField = $"{field}[{index}]";
                    if (last)
                    {
                        seq.Children[index] = value.Node!;
                        return (itemField, null);
                    }
                    node = seq.Children[index];
                    field = itemField;
                    break;
                }
                default:
                    return (field, $"'{field}' is a single value; it has no field '{segment}'");
            }
        }
        return (field, "the path names no field");
    }

    private static YamlNode Nest(ImmutableArray<string> segments, int from, YamlNode value)
    {
        var node = value;
        for (var j = segments.Length - 1; j >= from; j--) node = new YamlMappingNode(new YamlScalarNode(segments[j]), node);
        return node;
    }

    /// <summary>A list item by index or by the value of its name (or phase, or codec) field.</summary>
    private static (int Index, string? Error) Item(YamlSequenceNode seq, string segment, string field)
    {
        if (int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            return index < seq.Children.Count ? (index, null)
                : seq.Children.Count == 0 ? (0, $"'{field}' is an empty list; index {index} names no item (set the whole list, e.g. --set '{field}=[...]')")
                : (0, $"'{field}' has {seq.Children.Count} item(s); index {index} is beyond them (0 to {seq.Children.Count - 1})");
        var names = new List<string>();
        for (var k = 0; k < seq.Children.Count; k++)
        {
            if (seq.Children[k] is not YamlMappingNode item) continue;
            foreach (var idKey in ItemNames)
            {
                if (item.Children.TryGetValue(new YamlScalarNode(idKey), out var id) && id is YamlScalarNode { Value: { } name })
                {
                    if (string.Equals(name, segment, StringComparison.OrdinalIgnoreCase)) return (k, null);
                    names.Add(name);
                    break;
                }
            }
        }
        if (names.Count == 0) return (0, $"'{field}' is a list without names; address an item by index, e.g. {field}[0]");
        return (0, $"'{field}' has no item '{segment}'{Suggestions.Hint(segment, names)}; items: {string.Join(", ", names)}");
    }

    private static (YamlNode? Node, string? Error) ValueNode(string value)
    {
        if (value.Length > 0 && value[0] is '[' or '{' or '"' or '\'')
        {
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(value));
                return (stream.Documents[0].RootNode, null);
            }
            catch (YamlException e)
            {
                return (null, $"malformed YAML value: {e.InnerException?.Message ?? e.Message}");
            }
        }
        return (new YamlScalarNode(value), null);
    }
}
