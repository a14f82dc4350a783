using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Matchday.Core.Scenarios.Reading;

/// <summary>
/// The limits a scenario file must keep before any YAML is built from it, checked in one streaming pass so that no
/// input can make reading expensive: its size, its encoding (UTF-8 without NUL or other control characters), and the
/// YAML it holds (one document, nesting depth, anchors and aliases, tags, scalar length). Every limit is documented in
/// docs/scenario.md.
/// </summary>
public static class InputGuard
{
    /// <summary>The largest scenario file read (1 MiB; the built-in scenario is about 10 KB).</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>The deepest nesting of mappings and lists (the format needs seven levels).</summary>
    public const int MaxDepth = 16;

    /// <summary>Anchors (<c>&amp;name</c>) and aliases (<c>*name</c>) a file may hold, each.</summary>
    public const int MaxAliases = 100;

    /// <summary>The longest scalar (a description, a fault spec), in characters.</summary>
    public const int MaxScalarLength = 10_000;

    /// <summary>The YAML tags a file may carry: the core schema's, which change nothing the reader sees.</summary>
    private static readonly HashSet<string> CoreTags = new(StringComparer.Ordinal)
    {
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "!",
    };

    /// <summary>
    /// The text of a file's bytes, decoded as UTF-8 (a UTF-8 byte-order mark is skipped), or the error that locates the
    /// first byte that is not UTF-8. Files in UTF-16 or UTF-32 are named as such.
    /// </summary>
    public static (string? Text, ScenarioError? Error) Decode(ReadOnlySpan<byte> bytes, string file)
    {
        if (bytes.Length > MaxFileBytes) return (null, FileError(file, $"is larger than 1 MiB ({MaxFileBytes:N0} bytes), the most a scenario file may be"));
        // UTF-32's little-endian mark starts with UTF-16's (FF FE), so it is looked for first.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
            return (null, new ScenarioError(file, 1, 1, "(encoding)", "the file is UTF-32 (it starts with a UTF-32 byte-order mark); save it as UTF-8"));
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return (null, new ScenarioError(file, 1, 1, "(encoding)", "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"));
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        var builder = new StringBuilder(bytes.Length);
        int line = 1, column = 1;
        Span<char> pair = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                var shown = string.Join(' ', bytes[..Math.Max(1, Math.Min(consumed, 4))].ToArray().Select(b => $"0x{b:X2}"));
                return (null, new ScenarioError(file, line, column, "(encoding)", $"byte {shown} is not UTF-8; scenario files are UTF-8 text"));
            }
            if (rune.Value == '\n') { line++; column = 1; }
            else column++;
            var n = rune.EncodeToUtf16(pair);
            builder.Append(pair[..n]);
            bytes = bytes[consumed..];
        }
        return (builder.ToString(), null);
    }

    /// <summary>Characters no scenario file may hold, located: NUL and the other control characters but tab, line feed and carriage return.</summary>
    public static ScenarioError? CheckText(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxFileBytes) return FileError(file, $"is longer than 1 MiB ({MaxFileBytes:N0} characters), the most a scenario file may be");
        int line = 1, column = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') { line++; column = 1; continue; }
            if (BadCharacter(text, i) is { } what) return new ScenarioError(file, line, column, "(encoding)", what);
            if (char.IsHighSurrogate(c)) i++;
            column++;
        }
        return null;
    }

    private static string? BadCharacter(string text, int i)
    {
        var c = text[i];
        if (c == '\0') return "a NUL byte (0x00); scenario files are text";
        if (c is '\t' or '\r') return null;
        if (char.IsControl(c)) return $"control character U+{(int)c:X4}; scenario files are text";
        if (char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))) return "a lone UTF-16 surrogate; scenario files are UTF-8 text";
        if (char.IsLowSurrogate(c)) return "a lone UTF-16 surrogate; scenario files are UTF-8 text";
        if (c is '\uFFFE' or '\uFFFF') return $"non-character U+{(int)c:X4}; scenario files are text";
        return null;
    }

    /// <summary>
    /// One pass over the YAML events, before any node is built: at most one document, nesting no deeper than
    /// <see cref="MaxDepth"/>, at most <see cref="MaxAliases"/> anchors and aliases, no tags but the core schema's, no
    /// scalar longer than <see cref="MaxScalarLength"/> and none holding a control character (a quoted "\0"). The
    /// parser itself keeps its nesting on a heap stack, so a file nested 30,000 levels deep stops here, at level 17.
    /// </summary>
    public static ScenarioError? CheckYaml(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        var documents = 0;
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var aliases = 0;
        var last = Mark.Empty;
        while (true)
        {
            try
            {
                if (!parser.MoveNext()) break;
            }
            catch (Exception fault) when (IsParserFault(fault))
            {
                // YamlDotNet's scanner has states it leaves with an exception of its own (unbalanced flow brackets):
                // malformed YAML, after the last event it read.
                return At(file, last, "(syntax)", "malformed YAML after this point");
            }
            var e = parser.Current!;
            last = e.End;
            switch (e)
            {
                case DocumentStart:
                    if (++documents > 1) return At(file, e.Start, "(document)", "a second YAML document ('---'); a scenario file holds exactly one");
                    break;
                case AnchorAlias alias:
                    if (++aliases > MaxAliases) return At(file, e.Start, "(syntax)", $"more than {MaxAliases} aliases (*name)");
                    if (!anchors.Contains(alias.Value.Value)) return At(file, e.Start, "(syntax)", $"alias *{alias.Value.Value} refers to no anchor defined before it");
                    break;
                case NodeEvent node:
                    if (!node.Anchor.IsEmpty)
                    {
                        anchors.Add(node.Anchor.Value);
                        if (anchors.Count > MaxAliases) return At(file, e.Start, "(syntax)", $"more than {MaxAliases} anchors (&name)");
                    }
                    if (!node.Tag.IsEmpty && !CoreTags.Contains(node.Tag.Value))
                        return At(file, e.Start, "(syntax)", $"tag '{node.Tag.Value}' is not allowed; scenario files are plain YAML (no custom tags)");
                    if (node is MappingStart or SequenceStart && ++depth > MaxDepth)
                        return At(file, e.Start, "(syntax)", $"nested more than {MaxDepth} levels deep");
                    if (node is Scalar scalar)
                    {
                        if (scalar.Value.Length > MaxScalarLength)
                            return At(file, e.Start, "(syntax)", $"a value of {scalar.Value.Length:N0} characters; the longest allowed is {MaxScalarLength:N0}");
                        for (var i = 0; i < scalar.Value.Length; i++)
                        {
                            if (scalar.Value[i] is '\n' or '\t') continue;
                            if (BadCharacter(scalar.Value, i) is { } what) return At(file, e.Start, "(syntax)", "the value holds " + what);
                        }
                    }
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
        return null;
    }

    /// <summary>An exception YamlDotNet throws on input it cannot read, other than its own <see cref="YamlException"/>.</summary>
    public static bool IsParserFault(Exception e) =>
        e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException or KeyNotFoundException;

    private static ScenarioError At(string file, Mark mark, string field, string message) =>
        new(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column), field, message);

    /// <summary>A problem with the file as a whole, reported at its first line.</summary>
    public static ScenarioError FileError(string file, string message) => new(file, 1, 1, "(file)", message);
}
