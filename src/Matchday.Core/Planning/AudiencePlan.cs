using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Planning;

/// <summary>One minute of the match-day ramp.</summary>
public sealed record RampPoint(int Minute, string Phase, Ratio ShareOfPeak, ViewerCount Viewers)
{
    /// <summary>The kind of phase the minute belongs to.</summary>
    public PhaseKind Kind { get; init; } = PhaseKind.Play;
}

/// <summary>A region's share of the audience and its peak concurrent viewers.</summary>
public sealed record RegionAudience(string Region, ViewerCount? Declared, Ratio Share, ViewerCount Peak);

/// <summary>The audience of one match of a stage: regional peaks, the minute-by-minute ramp, viewer-hours, joins.</summary>
public sealed record AudiencePlan
{
    public required string Stage { get; init; }
    public required ViewerCount Peak { get; init; }
    public required ImmutableArray<RegionAudience> Regions { get; init; }
    /// <summary>Sum of the regions' declared audiences (or shares) before normalization.</summary>
    public required double DeclaredRegionSum { get; init; }
    public required bool RegionsNormalized { get; init; }
    public required ImmutableArray<RampPoint> Ramp { get; init; }
    public required Duration Length { get; init; }
    public required ViewerTime ViewerTime { get; init; }
    /// <summary>Largest minute-on-minute growth of the audience, as viewers joining per second.</summary>
    public required Rate PeakJoinRate { get; init; }
    public required int PeakJoinMinute { get; init; }
}

/// <summary>Audience math: regional split, the ramp over the timeline, viewer-hours and join rates.</summary>
public static class Audience
{
    /// <summary>Region shares: declared viewers or shares, normalized to sum to one.</summary>
    public static (ImmutableArray<double> Shares, double DeclaredSum, bool UsesViewers) RegionShares(IReadOnlyList<Region> regions)
    {
        var usesViewers = regions.Any(r => r.Viewers is not null);
        var raw = regions.Select(r => usesViewers ? r.Viewers?.Value ?? 0 : r.Share?.Value ?? 0).ToArray();
        return ([.. Arithmetic.Normalize(raw)], raw.Sum(), usesViewers);
    }

    /// <summary>
    /// The audience minute by minute over the phases that apply to the stage. Within a phase of L minutes the share
    /// goes linearly from <c>from</c> at its first minute to <c>to</c> at its last (L points, both ends included).
    /// </summary>
    public static ImmutableArray<RampPoint> Ramp(IEnumerable<Phase> timeline, string stage, ViewerCount peak)
    {
        var points = ImmutableArray.CreateBuilder<RampPoint>();
        var minute = 0;
        foreach (var phase in timeline.Where(p => p.AppliesTo(stage)))
        {
            var n = Math.Max(1, (int)Math.Round(phase.Length.Minutes));
            for (var k = 0; k < n; k++)
            {
                var t = n == 1 ? 0 : (double)k / (n - 1);
                var share = Ratio.FromFraction(phase.From.Value + (phase.To.Value - phase.From.Value) * t);
                points.Add(new RampPoint(minute++, phase.Name, share, peak * share) { Kind = phase.Kind });
            }
        }
        return points.ToImmutable();
    }

    /// <summary>Viewer time over the ramp: each minute's audience watches for that minute.</summary>
    public static ViewerTime ViewerTimeOf(IEnumerable<RampPoint> ramp) =>
        new(ramp.Sum(p => p.Viewers.Value * 60));

    /// <summary>The largest minute-on-minute rise, in viewers per second, and the minute it ends on.</summary>
    public static (Rate Rate, int Minute) PeakJoin(IReadOnlyList<RampPoint> ramp)
    {
        var best = (Rate.Zero, 0);
        for (var i = 1; i < ramp.Count; i++)
        {
            var rise = (ramp[i].Viewers - ramp[i - 1].Viewers).Value / 60;
            if (rise > best.Item1.PerSecond) best = (Rate.FromPerSecond(rise), ramp[i].Minute);
        }
        return best;
    }

    public static AudiencePlan Plan(Scenario s, Stage stage)
    {
        var (shares, declaredSum, usesViewers) = RegionShares(s.Regions);
        var ramp = Ramp(s.Tournament.Timeline, stage.Name, stage.PeakViewers);
        var join = PeakJoin(ramp);
        // Declared regional audiences describe the event's largest match.
        var eventPeak = s.Tournament.Stages.Max(x => x.PeakViewers.Value);
        var sumCheck = usesViewers ? declaredSum / eventPeak : declaredSum;
        return new AudiencePlan
        {
            Stage = stage.Name,
            Peak = stage.PeakViewers,
            Regions = [.. s.Regions.Select((r, i) => new RegionAudience(r.Name, r.Viewers, Ratio.FromFraction(shares[i]), stage.PeakViewers * shares[i]))],
            DeclaredRegionSum = declaredSum,
            RegionsNormalized = !Arithmetic.SumsToOne(sumCheck),
            Ramp = ramp,
            Length = Duration.FromMinutes(ramp.Length),
            ViewerTime = ViewerTimeOf(ramp),
            PeakJoinRate = join.Rate,
            PeakJoinMinute = join.Minute,
        };
    }
}
