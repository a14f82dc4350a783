using System.Globalization;

namespace Matchday.Simulation.Players;

/// <summary>What a <see cref="SegmentLogEntry"/> records.</summary>
public enum SegmentLogKind
{
    /// <summary>A segment downloaded in full (Sabre's <c>[start-end] i: q=... bl=a->b->c</c> line).</summary>
    Download,

    /// <summary>A download given up in flight (Sabre's <c>ABANDONED to q</c> line).</summary>
    Abandoned,

    /// <summary>A wait for room in the buffer or for the live edge (Sabre's <c>full buffer delay</c> line).</summary>
    Wait,

    /// <summary>A delay BOLA asked for before downloading (Sabre's <c>abr delay</c> line).</summary>
    Delay,

    /// <summary>
    /// Live: the next segment had left the playlist's window, so loading goes on from the live edge (no Sabre line);
    /// <see cref="SegmentLogEntry.Segment"/> is the first segment skipped, the next download line the one taken.
    /// </summary>
    Skip,
}

/// <summary>
/// One line of a session's log, in SI units (s, bits). For downloads: the rung, when it started and ended, bits
/// received of the segment's size, the request latency, the buffer when the request went out, when the download ended
/// (before the segment is added) and after, and the stall time during it. <see cref="AbandonedTo"/> is the rung the
/// abandonment rule named (-1 when none).
/// </summary>
public readonly record struct SegmentLogEntry(
    SegmentLogKind Kind, int Segment, int Rung, double StartSeconds, double EndSeconds, double DownloadedBits, double SizeBits,
    double TtfbSeconds, double BufferBeforeSeconds, double BufferAfterDownloadSeconds, double BufferAfterSeconds, double RebufferSeconds, int AbandonedTo);

/// <summary>
/// Collects a single session's <see cref="SegmentLogEntry"/> lines (pass one to <see cref="PlayerSimulator.Run"/>) and
/// writes them as CSV in Sabre's units (ms, bits), one line per line of Sabre's verbose output, so the two can be
/// compared step by step.
/// </summary>
public sealed class SessionLog
{
    private readonly List<SegmentLogEntry> _entries = [];

    /// <summary>The lines, in order.</summary>
    public IReadOnlyList<SegmentLogEntry> Entries => _entries;

    internal void Add(in SegmentLogEntry entry) => _entries.Add(entry);

    /// <summary>The CSV header.</summary>
    public const string Header = "kind,segment,rung,start_ms,end_ms,downloaded_bits,size_bits,time_ms,ttfb_ms,download_ms,buffer_before_ms,buffer_after_download_ms,buffer_after_ms,rebuffer_ms,abandoned_to";

    /// <summary>Writes the header and every line (invariant culture; empty rung or abandoned_to when not applicable).</summary>
    public void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Header + "\n");
        foreach (var e in _entries)
        {
            var kind = e.Kind.ToString().ToLowerInvariant();
            static string Ms(double s) => (s * 1000).ToString("0.###", CultureInfo.InvariantCulture);
            static string Bits(double b) => b.ToString("0.###", CultureInfo.InvariantCulture);
            var time = e.EndSeconds - e.StartSeconds;
            writer.Write(string.Join(',',
                kind,
                e.Segment.ToString(CultureInfo.InvariantCulture),
                e.Rung >= 0 ? e.Rung.ToString(CultureInfo.InvariantCulture) : "",
                Ms(e.StartSeconds), Ms(e.EndSeconds), Bits(e.DownloadedBits), Bits(e.SizeBits), Ms(time), Ms(e.TtfbSeconds),
                Ms(e.Kind is SegmentLogKind.Download or SegmentLogKind.Abandoned ? time - e.TtfbSeconds : 0),
                Ms(e.BufferBeforeSeconds), Ms(e.BufferAfterDownloadSeconds), Ms(e.BufferAfterSeconds), Ms(e.RebufferSeconds),
                e.AbandonedTo >= 0 ? e.AbandonedTo.ToString(CultureInfo.InvariantCulture) : ""));
            writer.Write('\n');
        }
    }
}
