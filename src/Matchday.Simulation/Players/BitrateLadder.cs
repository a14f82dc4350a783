using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Players;

/// <summary>
/// The renditions a player can choose from: rung bitrates (lowest first) and the segment duration; optionally the
/// exact size of every segment at every rung (as in a Sabre movie file), which loops if the content is longer.
/// </summary>
public sealed record BitrateLadder
{
    /// <summary>The most rungs a ladder may have (sessions keep per-rung counters inline, without allocating).</summary>
    public const int MaxRungs = 16;

    /// <summary>Rung bitrates, strictly increasing.</summary>
    public required ImmutableArray<Bitrate> Rungs { get; init; }

    /// <summary>Media duration of one segment.</summary>
    public required Duration SegmentDuration { get; init; }

    /// <summary>Optional per-segment sizes: <c>SegmentSizes[segment][rung]</c>. Empty means rung bitrate x segment duration.</summary>
    public ImmutableArray<ImmutableArray<DataSize>> SegmentSizes { get; init; } = [];

    /// <summary>A ladder with constant-bitrate segments.</summary>
    public static BitrateLadder Create(Duration segmentDuration, params Bitrate[] rungs) =>
        new() { Rungs = [.. rungs], SegmentDuration = segmentDuration };

    /// <summary>
    /// A typical live-sports ladder: 0.4, 0.8, 1.6, 3, 4.5 and 6 Mbps (roughly 234p to 1080p, in the range of Apple's HLS
    /// authoring specification) with 4 s segments.
    /// </summary>
    public static BitrateLadder Default { get; } = Create(Duration.FromSeconds(4),
        Bitrate.FromMegabits(0.4), Bitrate.FromMegabits(0.8), Bitrate.FromMegabits(1.6),
        Bitrate.FromMegabits(3), Bitrate.FromMegabits(4.5), Bitrate.FromMegabits(6));

    /// <summary>Every problem with the ladder, each naming the field.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Rungs.IsDefaultOrEmpty) errors.Add("Rungs: the ladder is empty; give at least one bitrate");
        else
        {
            if (Rungs.Length > MaxRungs) errors.Add($"Rungs: at most {MaxRungs} rungs, found {Rungs.Length}");
            for (var i = 0; i < Rungs.Length; i++)
            {
                if (!(Rungs[i].BitsPerSecond > 0) || !double.IsFinite(Rungs[i].BitsPerSecond))
                    errors.Add($"Rungs[{i}]: must be a positive bitrate, was {Rungs[i]}");
                else if (i > 0 && Rungs[i] <= Rungs[i - 1])
                    errors.Add($"Rungs[{i}]: rungs must increase, {Rungs[i]} follows {Rungs[i - 1]}");
            }
        }
        if (!(SegmentDuration.Seconds > 0) || !double.IsFinite(SegmentDuration.Seconds))
            errors.Add($"SegmentDuration: must be positive, was {SegmentDuration.Seconds} s");
        if (!SegmentSizes.IsDefaultOrEmpty && !Rungs.IsDefaultOrEmpty)
        {
            for (var s = 0; s < SegmentSizes.Length; s++)
            {
                var row = SegmentSizes[s];
                if (row.IsDefault || row.Length != Rungs.Length)
                {
                    errors.Add($"SegmentSizes[{s}]: expected {Rungs.Length} sizes, one per rung");
                    continue;
                }
                for (var q = 0; q < row.Length; q++)
                    if (!(row[q].Bytes > 0) || !double.IsFinite(row[q].Bytes))
                        errors.Add($"SegmentSizes[{s}][{q}]: must be a positive size");
            }
        }
        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem, if any.</summary>
    public void EnsureValid(string paramName = "ladder")
    {
        var errors = Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid bitrate ladder: " + string.Join("; ", errors), paramName);
    }
}
