using System.Globalization;
using System.Text;
using System.Text.Json;
using Matchday.Core.Units;

namespace Matchday.Simulation.Networks;

/// <summary>The two public trace layouts this parser reads.</summary>
public enum TraceFormat
{
    /// <summary>Decide from the first non-blank character: <c>[</c> is JSON, anything else is text.</summary>
    Auto,

    /// <summary>Sabre's JSON list: <c>[{"duration_ms": 1000, "bandwidth_kbps": 22485, "latency_ms": 20}, ...]</c>.</summary>
    JsonList,

    /// <summary>Pensieve-style text: one <c>&lt;seconds since start&gt; &lt;Mbit/s&gt;</c> sample per line.</summary>
    Text,
}

/// <summary>
/// Parses network traces from text. Pure: the caller reads the file (the CLI's <c>TraceFiles</c>).
/// Every error is a <see cref="TraceFormatException"/> naming <c>source:line:column</c>.
/// </summary>
public static class TraceParser
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The range of a period's length: from 1 ms (Sabre's unit, and a finer grain than any last-mile measurement) to a
    /// day. Shorter periods would make a download step through millions of them; longer ones are not a trace.
    /// </summary>
    public const double MinPeriodMs = 1, MaxPeriodMs = 86_400_000;

    /// <summary>The highest throughput a trace may give: 100 Gbit/s, above any access link.</summary>
    public const double MaxKbps = 100e6;

    /// <summary>The longest request latency a period may give: 1 min.</summary>
    public const double MaxLatencyMs = 60_000;

    /// <summary>Parses a trace in either layout.</summary>
    /// <param name="text">The whole trace file.</param>
    /// <param name="source">A label for messages, usually the file name.</param>
    /// <param name="format">The layout, or <see cref="TraceFormat.Auto"/>.</param>
    /// <param name="textLatency">Request latency for text traces, which carry none (default 0).</param>
    public static NetworkTrace Parse(string text, string source, TraceFormat format = TraceFormat.Auto, Duration? textLatency = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        if (format == TraceFormat.Auto)
        {
            var first = text.AsSpan().TrimStart();
            if (first.Length > 0 && first[0] == '\uFEFF') first = first[1..].TrimStart();
            // Nothing to tell the layout by: say what either would hold, not the text layout's complaint alone.
            if (first.Length == 0)
                throw new TraceFormatException(source, 1, 1, "the trace file is empty: expected a JSON list of {\"duration_ms\", \"bandwidth_kbps\", \"latency_ms\"} periods or lines of '<seconds> <Mbit/s>'");
            // '{' is JSON too (an object where the list belongs), so that its error says so rather than "expected two columns".
            format = first[0] is '[' or '{' ? TraceFormat.JsonList : TraceFormat.Text;
        }
        return format == TraceFormat.JsonList ? ParseJson(text, source) : ParseText(text, source, textLatency ?? Duration.Zero);
    }

    /// <summary>Parses a stream (UTF-8) in either layout.</summary>
    public static NetworkTrace Parse(Stream stream, string source, TraceFormat format = TraceFormat.Auto, Duration? textLatency = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return Parse(reader.ReadToEnd(), source, format, textLatency);
    }

    /// <summary>Parses the JSON list layout: an array of objects with <c>duration_ms</c>, <c>bandwidth_kbps</c>, <c>latency_ms</c>.</summary>
    public static NetworkTrace ParseJson(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var memory = bytes.AsMemory(start);
        var periods = new List<TracePeriod>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(memory.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        TraceFormatException At(long offset, string problem, Exception? inner = null)
        {
            var (line, col) = LineColumn(memory.Span, offset);
            return new TraceFormatException(source, line, col, problem, inner);
        }

        try
        {
            if (!reader.Read()) throw At(0, "the trace is empty: expected a JSON list of {\"duration_ms\", \"bandwidth_kbps\", \"latency_ms\"} periods");
            if (reader.TokenType != JsonTokenType.StartArray)
                throw At(reader.TokenStartIndex, $"a JSON trace is a list '[' of {{\"duration_ms\", \"bandwidth_kbps\", \"latency_ms\"}} periods, found {TokenName(reader.TokenType)}");
            while (true)
            {
                if (!reader.Read()) throw At(memory.Length, "the list of periods is not closed with ']'");
                if (reader.TokenType == JsonTokenType.EndArray) break;
                if (reader.TokenType != JsonTokenType.StartObject)
                    throw At(reader.TokenStartIndex, $"period {periods.Count}: expected an object {{\"duration_ms\": ..., \"bandwidth_kbps\": ..., \"latency_ms\": ...}}");
                var objectStart = reader.TokenStartIndex;
                double? duration = null, bandwidth = null, latency = null;
                seen.Clear();
                while (true)
                {
                    if (!reader.Read()) throw At(memory.Length, $"period {periods.Count}: object is not closed with '}}'");
                    if (reader.TokenType == JsonTokenType.EndObject) break;
                    var name = reader.GetString() ?? "";
                    if (name is "duration_ms" or "bandwidth_kbps" or "latency_ms" && GivenTwice(seen, name, source, memory.Span, reader.TokenStartIndex, $"period {periods.Count}: ") is { } twice)
                        throw twice;
                    if (!reader.Read()) throw At(memory.Length, $"period {periods.Count}: '{name}' has no value");
                    var valueAt = reader.TokenStartIndex;
                    switch (name)
                    {
                        case "duration_ms":
                        case "bandwidth_kbps":
                        case "latency_ms":
                            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var v) || !double.IsFinite(v))
                                throw At(valueAt, $"period {periods.Count}: {name} must be a number");
                            if (v < 0) throw At(valueAt, $"period {periods.Count}: {name} must not be negative, was {v.ToString(Inv)}");
                            if (name == "duration_ms")
                            {
                                if (v == 0) throw At(valueAt, $"period {periods.Count}: duration_ms must be positive");
                                if (v < MinPeriodMs || v > MaxPeriodMs)
                                    throw At(valueAt, $"period {periods.Count}: duration_ms must be from 1 ms to a day (86400000), was {v.ToString(Inv)}");
                                duration = v;
                            }
                            else if (name == "bandwidth_kbps")
                            {
                                if (v > MaxKbps) throw At(valueAt, $"period {periods.Count}: bandwidth_kbps must be at most 100 Gbit/s (100000000), was {v.ToString(Inv)}");
                                bandwidth = v;
                            }
                            else
                            {
                                if (v > MaxLatencyMs) throw At(valueAt, $"period {periods.Count}: latency_ms must be at most a minute (60000), was {v.ToString(Inv)}");
                                latency = v;
                            }
                            break;
                        default:
                            reader.Skip(); // unknown fields are tolerated
                            break;
                    }
                }
                var missing = duration is null ? "duration_ms" : bandwidth is null ? "bandwidth_kbps" : latency is null ? "latency_ms" : null;
                if (missing is not null) throw At(objectStart, $"period {periods.Count}: missing field '{missing}'");
                periods.Add(new TracePeriod(Duration.FromMilliseconds(duration!.Value), Bitrate.FromKilobits(bandwidth!.Value), Duration.FromMilliseconds(latency!.Value)));
            }
            if (reader.Read()) throw At(reader.TokenStartIndex, "unexpected content after the list of periods");
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var col = (int)(e.BytePositionInLine ?? 0) + 1;
            throw new TraceFormatException(source, line, col, "malformed JSON: " + FirstSentence(e.Message), e);
        }
        if (periods.Count == 0) throw new TraceFormatException(source, 1, 1, "the list of periods is empty");
        return new NetworkTrace(source, periods);
    }

    /// <summary>
    /// Parses the two-column text layout: <c>&lt;seconds&gt; &lt;Mbit/s&gt;</c> per line, times strictly increasing;
    /// each throughput holds until the next sample, the last one for the previous sample's interval.
    /// Blank lines and lines starting with <c>#</c> are skipped.
    /// </summary>
    public static NetworkTrace ParseText(string text, string source, Duration latency)
    {
        ArgumentNullException.ThrowIfNull(text);
        var times = new List<double>();
        var rates = new List<double>();
        var lineNo = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNo++;
            var line = rawLine.TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            var col = line.Length - trimmed.Length + 1;
            var fields = SplitFields(line);
            if (fields.Count < 2)
                throw new TraceFormatException(source, lineNo, col, $"expected two columns '<seconds> <Mbit/s>', found {fields.Count}");
            if (fields.Count > 2)
                throw new TraceFormatException(source, lineNo, fields[2].Column, "expected two columns '<seconds> <Mbit/s>', found more");
            if (!double.TryParse(fields[0].Text, NumberStyles.Float, Inv, out var t) || !double.IsFinite(t))
                throw new TraceFormatException(source, lineNo, fields[0].Column, $"time '{fields[0].Text}' is not a number of seconds");
            if (!double.TryParse(fields[1].Text, NumberStyles.Float, Inv, out var mbps) || !double.IsFinite(mbps))
                throw new TraceFormatException(source, lineNo, fields[1].Column, $"throughput '{fields[1].Text}' is not a number of Mbit/s");
            if (mbps < 0) throw new TraceFormatException(source, lineNo, fields[1].Column, $"throughput must not be negative, was {fields[1].Text}");
            if (mbps > MaxKbps / 1000) throw new TraceFormatException(source, lineNo, fields[1].Column, $"throughput must be at most 100 Gbit/s (100000 Mbit/s), was {fields[1].Text}");
            if (t < 0 || t > MaxTextSeconds) throw new TraceFormatException(source, lineNo, fields[0].Column, $"time {fields[0].Text} s must be from 0 to a year (31622400 s)");
            if (times.Count > 0 && t <= times[^1])
                throw new TraceFormatException(source, lineNo, fields[0].Column, $"time {fields[0].Text} s does not increase (previous sample at {times[^1].ToString(Inv)} s)");
            if (times.Count > 0 && t - times[^1] < MinPeriodMs / 1000 * (1 - 1e-9))
                throw new TraceFormatException(source, lineNo, fields[0].Column, $"time {fields[0].Text} s is less than 1 ms after the previous sample ({times[^1].ToString(Inv)} s): samples must be at least 1 ms apart");
            times.Add(t);
            rates.Add(mbps);
        }
        if (times.Count == 0) throw new TraceFormatException(source, 1, 1, "the trace has no samples: expected lines of '<seconds> <Mbit/s>'");
        var periods = new TracePeriod[times.Count];
        for (var i = 0; i < times.Count; i++)
        {
            var len = i + 1 < times.Count ? times[i + 1] - times[i] : times.Count > 1 ? times[i] - times[i - 1] : 1.0;
            periods[i] = new TracePeriod(Duration.FromSeconds(len), Bitrate.FromMegabits(rates[i]), latency);
        }
        return new NetworkTrace(source, periods);
    }

    /// <summary>The latest sample time a text trace may give: a year (366 days).</summary>
    private const double MaxTextSeconds = 366 * 86_400.0;

    private readonly record struct Field(string Text, int Column);

    private static List<Field> SplitFields(string line)
    {
        var fields = new List<Field>(2);
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t' || line[i] == ',')) i++;
            if (i >= line.Length) break;
            var s = i;
            while (i < line.Length && line[i] != ' ' && line[i] != '\t' && line[i] != ',') i++;
            fields.Add(new Field(line[s..i], s + 1));
        }
        return fields;
    }

    /// <summary>An error at byte <paramref name="offset"/> of a UTF-8 input, located as line and column.</summary>
    internal static TraceFormatException Located(string source, ReadOnlySpan<byte> utf8, long offset, string problem)
    {
        var (line, col) = LineColumn(utf8, offset);
        return new TraceFormatException(source, line, col, problem);
    }

    /// <summary>
    /// The error for a field a JSON object gives a second time, located at its name; null the first time (recorded in
    /// <paramref name="seen"/>). System.Text.Json reads on and the last value would silently win, so the trace and
    /// manifest readers both check their known fields through this.
    /// </summary>
    internal static TraceFormatException? GivenTwice(HashSet<string> seen, string name, string source, ReadOnlySpan<byte> utf8, long nameAt, string context = "") =>
        seen.Add(name) ? null : Located(source, utf8, nameAt, $"{context}'{name}' is given twice");

    /// <summary>A JSON token as a person would name it, for "found ..." in an error.</summary>
    private static string TokenName(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object '{'",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static (int Line, int Column) LineColumn(ReadOnlySpan<byte> utf8, long offset)
    {
        int line = 1, col = 1;
        var end = (int)Math.Min(offset, utf8.Length);
        for (var i = 0; i < end; i++)
        {
            if (utf8[i] == (byte)'\n') { line++; col = 1; }
            else if ((utf8[i] & 0xC0) != 0x80) col++; // count characters, not continuation bytes
        }
        return (line, col);
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends where it stopped (" Path: ...", " LineNumber: ... | BytePositionInLine: ..."):
        // the error already gives the line and column.
        foreach (var tail in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        return message.TrimEnd();
    }
}
