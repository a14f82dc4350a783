using System.Text;
using System.Text.RegularExpressions;

namespace Matchday.Cli.Tests.Fuzz;

/// <summary>
/// A seeded mutator of scenario files and one-line specs: the same seed gives the same mutants on every machine
/// (<see cref="Random"/> with a seed is deterministic). Mutations are what people and tools get wrong: lines deleted,
/// duplicated, swapped or re-indented; numbers replaced by extremes, units swapped; YAML tricks (anchors, aliases, tags,
/// documents, flow brackets, deep nesting); broken encodings (NUL, invalid UTF-8, byte-order marks); long and strange
/// text; truncation.
/// </summary>
internal sealed partial class Mutator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Extremes =
    [
        "-1", "0", "-0", "0.0000001", "1e308", "1e-308", "1e-300", "1e-30", "1e400", "NaN", "nan", ".nan", "Infinity", "-Infinity", ".inf", "-.inf",
        "٥٠", "१२", "５０", "99999999999999999999", "9223372036854775807", "-9223372036854775808", "2147483648", "1,000,000,000,000",
        "0x10", "1_000", "3.4028235e38", "1e9", "1e-9", "00012", "+5", "1.", ".5", "5e", "1,2,3", "1,0000", "∞", "½", "1 000",
    ];

    private static readonly string[] Units =
    [
        "bps", "kbps", "Mbps", "Gbps", "Tbps", "Pbps", "B", "KB", "MB", "GB", "TB", "PB", "EB", "GiB", "ms", "s", "min", "m", "h", "d",
        "%", "/s", "/min", "/h", "k", "M", "B", "T", "$", "/GB", "/GB-month", "/Mbps-month", "", " ", "µs", "weeks", "x",
    ];

    private static readonly string[] YamlTricks =
    [
        "&a", "*a", "&a x", "!custom", "!!binary", "!!python/object:os.system", "---", "...", "? ", "<<: *a", "{", "[", "]", "}",
        "'", "\"", "\t", "%YAML 1.2", "%TAG ! tag:x,2024:", "|", ">", "- ", ": ", "#", "@", "`", "&a [*a]", "*nowhere", "!!str",
        "{ a: 1, a: 2 }", "[1, 2", "? [a]: b", "\\", "\"\\0\"", "\"\\e\"", "'\u0007'", "- - - - -", "{{{{", "]]]]",
    ];

    private static readonly string[] StrangeText =
    [
        "\u202Eevil", "😀🏟️", "e\u0301\u0301\u0301", "\u200B", "\uFEFF", "名前", "قطر", "\u0000", "x\u0085y", "\u2028", "a\rb",
        "Ω", "ǅ", "\uFFFD", "café", "..", "-", "null", "~", "true", "NO",
    ];

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>One mutant of a scenario file: one to three mutations, as bytes (some break the encoding itself).</summary>
    public byte[] MutateFile(string yaml)
    {
        var text = yaml;
        var count = 1 + _random.Next(3);
        byte[]? bytes = null;
        for (var i = 0; i < count; i++)
        {
            var choice = _random.Next(16);
            if (choice == 15)
            {
                bytes = BreakEncoding(Encoding.UTF8.GetBytes(text));
                break;
            }
            text = MutateText(text, choice);
        }
        return bytes ?? Encoding.UTF8.GetBytes(text);
    }

    private string MutateText(string text, int choice)
    {
        var lines = text.Split('\n').ToList();
        var line = _random.Next(lines.Count);
        switch (choice)
        {
            case 0: // delete a line
                lines.RemoveAt(line);
                break;
            case 1: // duplicate a line
                lines.Insert(line, lines[line]);
                break;
            case 2: // swap two lines
                var other = _random.Next(lines.Count);
                (lines[line], lines[other]) = (lines[other], lines[line]);
                break;
            case 3: // re-indent a line
                lines[line] = _random.Next(2) == 0 ? lines[line].TrimStart() : new string(' ', 1 + _random.Next(6)) + lines[line];
                break;
            case 4: // a number replaced by an extreme
            case 5:
                lines[line] = ReplaceOne(NumberToken(), lines[line], _ => Pick(Extremes));
                break;
            case 6: // a unit swapped
                lines[line] = ReplaceOne(UnitToken(), lines[line], m => m.Groups["n"].Value + (_random.Next(2) == 0 ? " " : "") + Pick(Units));
                break;
            case 7: // a YAML trick inserted
                var at = lines[line].Length == 0 ? 0 : _random.Next(lines[line].Length + 1);
                lines[line] = lines[line][..at] + Pick(YamlTricks) + lines[line][at..];
                break;
            case 8: // deep nesting in place of a value
                var depth = 1 + _random.Next(_random.Next(2) == 0 ? 20 : 3000);
                var open = _random.Next(2) == 0 ? ('[', ']') : ('{', '}');
                lines[line] = ReplaceOne(ValueToken(), lines[line], m => m.Groups["k"].Value + new string(open.Item1, depth) + new string(open.Item2, _random.Next(2) == 0 ? depth : depth / 2));
                break;
            case 9: // a long or strange value
                lines[line] = ReplaceOne(ValueToken(), lines[line], m => m.Groups["k"].Value + (_random.Next(3) == 0 ? new string('x', _random.Next(20_000)) : Pick(StrangeText)));
                break;
            case 10: // truncated
                return text[.._random.Next(text.Length + 1)];
            case 11: // a key misspelled
                lines[line] = ReplaceOne(KeyToken(), lines[line], m => m.Value.Length > 2 ? m.Value[1..] : m.Value + "x");
                break;
            case 12: // a block of lines repeated many times (lists beyond their limits)
                var from = line;
                var n = 1 + _random.Next(Math.Min(4, lines.Count - from));
                var block = lines.GetRange(from, n);
                for (var k = 0; k < 1 + _random.Next(80); k++) lines.InsertRange(from, block);
                break;
            case 13: // a fault or a runbook action that a mutated spec replaces
                lines.Add(_random.Next(2) == 0 ? $"# faults: [\"{MutateSpec(Pick(FaultSeeds))}\"]" : "");
                var faults = lines.FindIndex(l => l.StartsWith("faults:", StringComparison.Ordinal));
                if (faults >= 0) lines[faults] = $"faults: [{Quote(MutateSpec(Pick(FaultSeeds)))}, {Quote(MutateSpec(Pick(FaultSeeds)))}]";
                break;
            default: // a character inserted or removed
                if (lines[line].Length > 0)
                {
                    var c = _random.Next(lines[line].Length);
                    lines[line] = _random.Next(2) == 0 ? lines[line].Remove(c, 1) : lines[line].Insert(c, ((char)_random.Next(32, 127)).ToString());
                }
                break;
        }
        return string.Join('\n', lines);
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private byte[] BreakEncoding(byte[] bytes)
    {
        byte[][] breakers = [[0x00], [0xFF], [0xC0, 0xAF], [0x80], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]];
        var b = Pick(breakers);
        if (_random.Next(10) == 0) return [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(bytes))];
        var at = _random.Next(bytes.Length + 1);
        return [.. bytes[..at], .. b, .. bytes[at..]];
    }

    private string ReplaceOne(Regex regex, string line, Func<Match, string> replacement)
    {
        var matches = regex.Matches(line);
        if (matches.Count == 0) return line;
        var m = matches[_random.Next(matches.Count)];
        return line[..m.Index] + replacement(m) + line[(m.Index + m.Length)..];
    }

    [GeneratedRegex(@"[0-9][0-9,]*(\.[0-9]+)?")]
    private static partial Regex NumberToken();

    [GeneratedRegex(@"(?<n>[0-9][0-9,.]*)\s*(?<u>[A-Za-z%$/-]+)")]
    private static partial Regex UnitToken();

    [GeneratedRegex(@"(?<k>[a-z_]+:\s*)[^,}\]#]+")]
    private static partial Regex ValueToken();

    [GeneratedRegex(@"[a-z_]{3,}(?=:)")]
    private static partial Regex KeyToken();

    /// <summary>Specs the grammar accepts, to mutate from (docs/grammar.md's examples and the built-in runbook's rules).</summary>
    public static readonly string[] FaultSeeds =
    [
        "cdn-outage provider=akamai region=eu at=67m for=10m", "origin-region-loss region=us-east at=80m",
        "encoder-failure input=3 at=1h5m for=90s", "cache-fail-open provider=fastly region=eu at=60m for=15m",
        "auth-degradation capacity=40% at=85m for=5m", "traffic-surge factor=1.5x region=na at=120m for=5m",
    ];

    public static readonly string[] RuleSeeds =
    [
        "high-latency: latency_p95 > 500 ms for 1 min then scale-origins 75, activate-secondary-cdn after 2 min",
        "viewer-dropout: viewer_dropout > 1000/s for 30 s then set-hpa-max encoding-hpa 150, cap-quality 720p, activate-all-cdns after 2 min",
        "region-failure: regions_failed > 0 for 30 s then fail-over us-east to eu-west, scale-origins 40 eu-west, promote-replica eu-west after 30 s",
        "shed: latency_p95 > 300ms for 1m then cap-quality 480p after 30s",
        "hits: cache_hit_ratio < 90% for 2 min then activate-all-cdns",
        "cpu: encoding_cpu >= 85% then set-hpa-max streaming-hpa 300",
    ];

    /// <summary>One mutant of a one-line spec: tokens deleted, duplicated, swapped, replaced by extremes; characters inserted; truncated.</summary>
    public string MutateSpec(string spec)
    {
        var text = spec;
        for (var i = 0; i < 1 + _random.Next(3); i++)
        {
            var tokens = text.Split(' ').ToList();
            var t = tokens.Count == 0 ? 0 : _random.Next(tokens.Count);
            switch (_random.Next(10))
            {
                case 0 when tokens.Count > 0: tokens.RemoveAt(t); break;
                case 1 when tokens.Count > 0: tokens.Insert(t, tokens[t]); break;
                case 2 when tokens.Count > 1:
                    var u = _random.Next(tokens.Count);
                    (tokens[t], tokens[u]) = (tokens[u], tokens[t]);
                    break;
                case 3 when tokens.Count > 0: tokens[t] = NumberToken().Replace(tokens[t], _ => Pick(Extremes), 1); break;
                case 4 when tokens.Count > 0: tokens[t] = UnitToken().Replace(tokens[t], m => m.Groups["n"].Value + Pick(Units), 1); break;
                case 5 when tokens.Count > 0: tokens[t] = tokens[t].ToUpperInvariant(); break;
                case 6: tokens.Insert(t, Pick(StrangeText)); break;
                case 7: tokens.Insert(t, Pick(["=", "==", ">", "<=", ",", ":", "then", "after", "for", "at=", "for=", "x=1", "=5", "!"])); break;
                case 8: return text[.._random.Next(text.Length + 1)];
                default:
                    if (_random.Next(20) == 0) tokens.Add(new string('a', 600));
                    else if (text.Length > 0) tokens = [.. text.Remove(_random.Next(text.Length), 1).Split(' ')];
                    break;
            }
            text = string.Join(' ', tokens);
        }
        return text;
    }
}
