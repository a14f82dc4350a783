using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;

namespace Matchday.Simulation.Players;

/// <summary>
/// Reads a Sabre movie manifest (UMass-LIDS/sabre <c>example/movie.json</c> layout) as a <see cref="BitrateLadder"/>
/// with per-segment sizes: <c>{"segment_duration_ms": 3000, "bitrates_kbps": [230, ...], "segment_sizes_bits":
/// [[886360, ...], ...]}</c>, one row per segment, one size per rung. Pure: the caller reads the file. Every error is a
/// <see cref="TraceFormatException"/> naming <c>source:line:column</c> and the field.
/// </summary>
public static class ManifestParser
{
    private const string Shape = "{\"segment_duration_ms\": ..., \"bitrates_kbps\": [...], \"segment_sizes_bits\": [[...], ...]}";

    /// <summary>The highest rung bitrate (kbit/s): 1 Gbit/s, as a scenario's rungs.</summary>
    private const double MaxKbps = 1e6;

    /// <summary>The most segments a manifest may list (a million: two months of 6 s segments).</summary>
    private const int MaxSegments = 1_000_000;

    /// <summary>The smallest segment size: one bit.</summary>
    private const double MinBits = 1;

    /// <summary>How far above its rung's nominal size (bitrate x duration) one segment may be.</summary>
    private const double MaxOverNominal = 10;

    /// <summary>Parses the manifest text.</summary>
    public static BitrateLadder Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var bytes = Encoding.UTF8.GetBytes(text);
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var memory = bytes.AsMemory(start);
        var reader = new Utf8JsonReader(memory.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        TraceFormatException At(long offset, string problem) => TraceParser.Located(source, memory.Span, offset, problem);

        double? ms = null;
        List<double>? kbps = null;
        long ratesAt = 0;
        var rows = new List<(long At, List<(long At, double Bits)> Sizes)>();
        long sizesAt = 0;
        var hasSizes = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            // Utf8JsonReader.Read throws on input with no token at all, so "empty" is told before it.
            if (memory.Span.Trim(" \t\r\n"u8).IsEmpty || !reader.Read()) throw At(0, "the manifest is empty: expected " + Shape);
            if (reader.TokenType != JsonTokenType.StartObject) throw At(reader.TokenStartIndex, "expected a manifest object " + Shape);
            var objectAt = reader.TokenStartIndex;
            while (true)
            {
                if (!reader.Read()) throw At(memory.Length, "the manifest object is not closed with '}'");
                if (reader.TokenType == JsonTokenType.EndObject) break;
                var name = reader.GetString() ?? "";
                var nameAt = reader.TokenStartIndex;
                if (!reader.Read()) throw At(memory.Length, $"'{name}' has no value");
                if (name is "segment_duration_ms" or "bitrates_kbps" or "segment_sizes_bits" && TraceParser.GivenTwice(seen, name, source, memory.Span, nameAt) is { } twice) throw twice;
                switch (name)
                {
                    case "segment_duration_ms":
                        ms = Number(ref reader, "segment_duration_ms: expected a positive number of milliseconds");
                        // As the scenario's delivery.segment_duration: shorter segments are not HTTP streaming, longer not live.
                        if (ms < 100 || ms > 60_000) throw At(reader.TokenStartIndex, $"segment_duration_ms: must be from 100 ms to 60 s (60000), was {ms.Value.ToString(CultureInfo.InvariantCulture)}");
                        break;
                    case "bitrates_kbps":
                        ratesAt = reader.TokenStartIndex;
                        if (reader.TokenType != JsonTokenType.StartArray) throw At(ratesAt, "bitrates_kbps: expected a list of bitrates in kbit/s");
                        kbps = [];
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            var k = Number(ref reader, $"bitrates_kbps[{kbps.Count}]: expected a positive number of kbit/s");
                            if (k > MaxKbps) throw At(reader.TokenStartIndex, $"bitrates_kbps[{kbps.Count}]: at most 1 Gbit/s (1000000), as a scenario's rungs, was {k.ToString(CultureInfo.InvariantCulture)}");
                            if (kbps.Count > 0 && !(k > kbps[^1]))
                                throw At(reader.TokenStartIndex, $"bitrates_kbps[{kbps.Count}]: bitrates must increase, {k.ToString(CultureInfo.InvariantCulture)} follows {kbps[^1].ToString(CultureInfo.InvariantCulture)}");
                            kbps.Add(k);
                        }
                        break;
                    case "segment_sizes_bits":
                        sizesAt = reader.TokenStartIndex;
                        hasSizes = true;
                        if (reader.TokenType != JsonTokenType.StartArray) throw At(sizesAt, "segment_sizes_bits: expected a list of segments, each a list of sizes in bits");
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            var rowAt = reader.TokenStartIndex;
                            if (reader.TokenType != JsonTokenType.StartArray) throw At(rowAt, $"segment_sizes_bits[{rows.Count}]: expected a list of sizes in bits, one per rung");
                            var row = new List<(long, double)>();
                            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                                row.Add((reader.TokenStartIndex, Number(ref reader, $"segment_sizes_bits[{rows.Count}][{row.Count}]: expected a positive size in bits")));
                            rows.Add((rowAt, row));
                            if (rows.Count > MaxSegments) throw At(rowAt, $"segment_sizes_bits: at most {MaxSegments:N0} segments");
                        }
                        break;
                    default:
                        reader.Skip(); // unknown fields are tolerated
                        break;
                }
            }
            if (reader.Read()) throw At(reader.TokenStartIndex, "unexpected content after the manifest object");
            var missing = ms is null ? "segment_duration_ms" : kbps is null ? "bitrates_kbps" : !hasSizes ? "segment_sizes_bits" : null;
            if (missing is not null) throw At(objectAt, $"missing field '{missing}'; expected {Shape}");
        }
        catch (JsonException e)
        {
            throw new TraceFormatException(source, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, "malformed JSON in the manifest", e);
        }

        if (kbps!.Count == 0) throw At(ratesAt, "bitrates_kbps: the list is empty; give at least one bitrate");
        if (kbps.Count > BitrateLadder.MaxRungs) throw At(ratesAt, $"bitrates_kbps: at most {BitrateLadder.MaxRungs} rungs, found {kbps.Count}");
        if (rows.Count == 0) throw At(sizesAt, "segment_sizes_bits: the list is empty; give one row of sizes per segment");
        var sizes = ImmutableArray.CreateBuilder<ImmutableArray<DataSize>>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Sizes.Count != kbps.Count)
                throw At(rows[i].At, $"segment_sizes_bits[{i}]: expected {kbps.Count} sizes, one per rung, found {rows[i].Sizes.Count}");
            for (var q = 0; q < kbps.Count; q++)
            {
                // A variable-bitrate segment runs above its rung's nominal size, but not tenfold: that is a wrong unit or row.
                var nominal = kbps[q] * ms!.Value; // kbit/s x ms = bits
                // No segment is smaller than a bit: a smaller size is a wrong unit (1e-300 once gave instant downloads).
                if (rows[i].Sizes[q].Bits < MinBits)
                    throw At(rows[i].Sizes[q].At, $"segment_sizes_bits[{i}][{q}]: {rows[i].Sizes[q].Bits.ToString(CultureInfo.InvariantCulture)} bits is less than 1 bit; sizes are in bits");
                if (rows[i].Sizes[q].Bits > MaxOverNominal * nominal)
                    throw At(rows[i].Sizes[q].At, $"segment_sizes_bits[{i}][{q}]: {rows[i].Sizes[q].Bits.ToString(CultureInfo.InvariantCulture)} bits is more than {MaxOverNominal} times the rung's nominal size ({kbps[q].ToString(CultureInfo.InvariantCulture)} kbit/s x {ms.Value.ToString(CultureInfo.InvariantCulture)} ms = {nominal.ToString(CultureInfo.InvariantCulture)} bits)");
            }
            sizes.Add([.. rows[i].Sizes.Select(x => DataSize.FromBytes(x.Bits / 8))]);
        }
        return new BitrateLadder
        {
            Rungs = [.. kbps.Select(Bitrate.FromKilobits)],
            SegmentDuration = Duration.FromMilliseconds(ms!.Value),
            SegmentSizes = sizes.MoveToImmutable(),
        };

        double Number(ref Utf8JsonReader r, string expected)
        {
            if (r.TokenType != JsonTokenType.Number || !r.TryGetDouble(out var v) || !double.IsFinite(v) || !(v > 0))
                throw At(r.TokenStartIndex, expected);
            return v;
        }
    }
}
