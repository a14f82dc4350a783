using Matchday.Core.Text;
using System.Globalization;
using Matchday.Core.Auditing;
using Matchday.Core.Planning;
using Matchday.Core.Units;

namespace Matchday.Cli.Rendering;

/// <summary>Turns a plan into report sections: audience, delivery, origin, encoding, ABR, services, storage, cost, SLOs, audit.</summary>
internal static class PlanReport
{
    private static string N(double x) => Humanize.Number(x);
    private static string N(long x) => x.ToString("N0", CultureInfo.InvariantCulture);

    public static Report Build(Plan plan, bool includeRamp = false)
    {
        var m = plan.Match;
        var sections = new List<Section>
        {
            Summary(plan),
            AudienceSection(m),
            Regions(m),
            Profiles(m),
            Cdns(m),
            Requests(m),
            Origin(plan),
            Encoding(plan),
            Abr(plan),
            Services(m),
            Stages(plan),
            Storage(plan),
            Cost(plan),
            Slos(plan),
            AuditSection(plan.Audit),
        };
        if (includeRamp) sections.Insert(2, Ramp(m));
        return new Report($"Matchday plan: {plan.Scenario}, {m.Stage.Name}", sections);
    }

    private static Section Summary(Plan plan)
    {
        var m = plan.Match;
        var d = m.Delivery;
        return new SectionBuilder($"Peak of one {m.Stage.Name} match", "figure", "value")
            .Row("peak concurrent viewers", m.Audience.Peak.ToString())
            .Row("average bitrate (device mix)", d.AverageBitrate.ToString())
            .Row("required egress", d.PeakEgress.ToString())
            .Row($"with {d.Buffer} buffer", d.BufferedEgress.ToString())
            .Row($"edge servers at {d.ServerCapacity}, {d.TargetUtilization} utilization", N(d.ServersNeeded))
            .Row("deployed edge capacity", $"{d.DeployedCapacity} ({N(d.DeployedServers)} servers)")
            .Row("tournament cost", plan.Cost.Total.ToString())
            .Row("cost per viewer-hour", plan.Cost.PerViewerHour.ToString())
            .Row("audit findings", $"{plan.Audit.Count(f => f.Severity == Severity.Critical)} critical, {plan.Audit.Count(f => f.Severity == Severity.Error)} errors, {plan.Audit.Count(f => f.Severity == Severity.Warning)} warnings")
            .Build();
    }

    private static Section AudienceSection(MatchPlan m)
    {
        var a = m.Audience;
        var b = new SectionBuilder("Audience", "figure", "value")
            .Row("timeline", $"{a.Length} ({string.Join(", ", a.Ramp.Select(p => p.Phase).Distinct())})")
            .Row("viewer-hours", a.ViewerTime.ToString())
            .Row("peak join rate (viewers)", $"{a.PeakJoinRate} (minute {a.PeakJoinMinute}, {a.Ramp[a.PeakJoinMinute].Phase})");
        foreach (var phase in a.Ramp.GroupBy(p => p.Phase))
            b.Row($"  {phase.Key}", $"{phase.First().Viewers} -> {phase.Last().Viewers} over {phase.Count()} min");
        if (a.RegionsNormalized) b.Note($"Regional audiences were scaled to shares of the peak (declared sum {Humanize.Compact(a.DeclaredRegionSum)}).");
        return b.Build();
    }

    private static Section Ramp(MatchPlan m)
    {
        var b = new SectionBuilder("Ramp, minute by minute", "minute", "phase", "share of peak", "viewers", "egress", "buffered", "edge servers");
        var d = m.Delivery;
        foreach (var (p, egress) in m.Audience.Ramp.Zip(d.Timeline))
        {
            var buffered = Core.Planning.Delivery.Buffered(egress, d.Buffer);
            b.Row(p.Minute.ToString(CultureInfo.InvariantCulture), p.Phase, p.ShareOfPeak.ToString(), p.Viewers.ToString(), egress.ToString(), buffered.ToString(),
                N(Core.Planning.Delivery.ServersFor(buffered, d.ServerCapacity, d.TargetUtilization)));
        }
        return b.Build();
    }

    private static Section Regions(MatchPlan m)
    {
        var b = new SectionBuilder("Regions at peak", "region", "share", "viewers", "egress", "buffered", "servers needed", "deployed", "capacity", "headroom", "data/match");
        foreach (var (r, a) in m.Delivery.Regions.Zip(m.Audience.Regions))
        {
            b.Row(r.Region, a.Share.ToString(), r.Viewers.ToString(), r.Egress.ToString(), r.Buffered.ToString(), N(r.ServersNeeded), N(r.ServersDeployed),
                r.Capacity.ToString(), r.Headroom.BitsPerSecond >= 0 ? "+" + r.Headroom : $"{r.Headroom} ({Humanize.Percent(r.CapacityCoverage)} covered)", r.DataPerMatch.ToString());
        }
        return b.Build();
    }

    private static Section Profiles(MatchPlan m)
    {
        var b = new SectionBuilder("Egress by device profile", "profile", "bitrate", "share", "viewers", "egress", "data/match");
        foreach (var p in m.Delivery.Profiles) b.Row(p.Profile, p.Bitrate.ToString(), p.Share.ToString(), p.Viewers.ToString(), p.Egress.ToString(), p.DataPerMatch.ToString());
        b.Row("total", m.Delivery.AverageBitrate + " avg", "100%", m.Audience.Peak.ToString(), m.Delivery.PeakEgress.ToString(), m.Delivery.DataPerMatch.ToString());
        return b.Build();
    }

    private static Section Cdns(MatchPlan m)
    {
        var b = new SectionBuilder("CDNs at peak", "CDN", "region", "traffic", "viewers", "egress", "buffered", "servers needed", "data/match");
        foreach (var c in m.Delivery.Cdns.Concat(m.Delivery.RegionCdns))
            b.Row(c.Cdn, c.Region, c.Traffic.ToString(), c.Viewers.ToString(), c.Egress.ToString(), c.Buffered.ToString(), N(c.ServersNeeded), c.DataPerMatch.ToString());
        if (m.Delivery.CdnSharesNormalized) b.Note("CDN traffic shares were scaled to sum to 100%.");
        return b.Build();
    }

    private static Section Requests(MatchPlan m)
    {
        var r = m.Delivery.Requests;
        var d = m.Delivery;
        return new SectionBuilder("Edge requests at peak", "figure", "value")
            .Row("segment requests", r.Segments.ToString())
            .Row("playlist refreshes", r.Playlists.ToString())
            .Row("total", r.Total.ToString())
            .Row($"per server ({N(d.ServersNeeded)} servers)", r.PerServer.ToString())
            .Row("data delivered over the match", d.DataPerMatch.ToString())
            .Build();
    }

    private static Section Origin(Plan plan)
    {
        var o = plan.Match.Origin;
        var b = new SectionBuilder("Origin and shields at peak", "model", "origin egress", "origin requests", "effective hit ratio", "servers needed", "deployed");
        foreach (var l in new[] { o.Coalesced, o.FixedRatio })
            b.Row(l.Model, l.Egress.ToString(), l.Requests.ToString(), l.HitRatio.ToString(), N(l.ServersNeeded), $"{o.Deployed} ({o.DeployedCapacity})");
        b.Note($"Coalesced: {o.Fetchers} shield/PoP caches each fetch every rendition's segments once; load grows with caches x ladder, not viewers.");
        return b.Build();
    }

    private static Section Encoding(Plan plan)
    {
        var e = plan.Encoding;
        var b = new SectionBuilder($"Encoding: {e.InputStreams} input streams", "rung", "bitrate", "CPU units", "output", "storage per hour");
        foreach (var r in e.Rungs) b.Row(r.Rung, r.Bitrate.ToString(), N(r.CpuUnits), r.Output.ToString(), r.StoragePerHour.ToString());
        b.Row("total", "", N(e.CpuUnits), e.Output.ToString(), e.StoragePerHour.ToString());
        b.Note($"{e.CpuInstances} CPU instances or {e.GpuInstances} GPU instances; the plan costs the {Words.Of(e.Encoder)} fleet.");
        foreach (var c in e.Codecs) b.Note($"{c.Codec}: saves {c.Saving} of the bitrate, peak egress {c.PeakEgress} ({c.Saved} less).");
        return b.Build();
    }

    private static Section Abr(Plan plan)
    {
        var a = plan.Abr;
        var b = new SectionBuilder("ABR: network conditions to quality", "class", "share", "throughput", "rungs", "default", "default bitrate");
        foreach (var c in a.Classes)
            b.Row(c.Network, c.Share.ToString(), c.MaxThroughput is { } max ? $"{c.MinThroughput} - {max}" : $"> {c.MinThroughput}", string.Join(", ", c.Rungs), c.DefaultRung, c.DefaultBitrate.ToString());
        b.Note($"Bitrate mix: network defaults average {a.NetworkAverage} (ceiling {a.NetworkCeiling}); device profiles average {a.DeviceAverage}.");
        b.Note("Rung shares (network / device): " + string.Join(", ", a.Mix.Select(r => $"{r.Rung} {r.ByNetwork}/{r.ByDevice}")));
        return b.Build();
    }

    private static Section Services(MatchPlan m)
    {
        var s = m.Services;
        return new SectionBuilder("Platform services at peak", "service", "load", "sizing")
            .Row("auth", $"{s.AuthValidations} validations", $"capacity {s.AuthCapacity} ({Humanize.Percent(s.AuthValidations / s.AuthCapacity)} used)")
            .Row("session store", s.SessionMemory.ToString(), "memory with replicas")
            .Row("QoE beacons / event bus", $"{s.BeaconEvents} events, {s.BeaconThroughput}", $"{N(s.Partitions)} partitions")
            .Row("logs", $"{s.LogIngestPerHour}/h", "ingest at peak")
            .Row("metrics", $"{Humanize.Compact(s.MetricSeries)} series", "edge + origin + region x CDN")
            .Build();
    }

    private static Section Stages(Plan plan)
    {
        var b = new SectionBuilder("Tournament by stage", "stage", "matches", "peak", "peak egress", "servers", "viewer-hours/match", "data/match");
        foreach (var s in plan.Stages)
            b.Row(s.Stage, s.Matches.ToString(CultureInfo.InvariantCulture), s.Peak.ToString(), s.PeakEgress.ToString(), N(s.ServersNeeded), Humanize.Compact(s.ViewerTimePerMatch.ViewerHours), s.DataPerMatch.ToString());
        b.Row("tournament", plan.Stages.Sum(s => s.Matches).ToString(CultureInfo.InvariantCulture), "", "", "", Humanize.Compact(plan.Cost.ViewerTime.ViewerHours), plan.Cost.Data.ToString());
        return b.Build();
    }

    private static Section Storage(Plan plan)
    {
        var s = plan.Storage;
        return new SectionBuilder("Recordings", "figure", "value")
            .Row("per match (every rung)", s.PerMatch.ToString())
            .Row($"tournament ({s.Matches} matches)", s.Tournament.ToString())
            .Row($"standard storage, {s.StandardRetention}", s.StandardCost.ToString())
            .Row($"archive, {s.ArchiveRetention}", s.ArchiveCost.ToString())
            .Build();
    }

    private static Section Cost(Plan plan)
    {
        var c = plan.Cost;
        var b = new SectionBuilder("Tournament cost", "category", "item", "cost", "share", "basis");
        foreach (var l in c.Lines) b.Row(l.Category, l.Item, l.Cost.ToString(), Humanize.Percent(Math.Round(l.Cost / c.Total, 4)), l.Basis);
        b.Row("total", "", c.Total.ToString(), "100%", $"{c.ViewerTime}, {c.Data}");
        b.Note($"Cost per viewer-hour: {c.PerViewerHour} ({c.Total} / {c.ViewerTime}).");
        return b.Build();
    }

    private static Section Slos(Plan plan)
    {
        var s = plan.Slos;
        var t = s.Targets;
        var b = new SectionBuilder("SLOs and error budget", "objective", "target", "budget / burn")
            .Row("availability", $"{t.Availability} over {t.Window}", $"{s.Availability.Budget} of downtime")
            .Row("latency", $"p95 {t.LatencyP95}, p99 {t.LatencyP99}", "")
            .Row("startup", $"p95 {t.StartupP95}", "")
            .Row("rebuffering", $"{t.RebufferingRatio} of watch time", "")
            .Row("quality switches", $"{Humanize.Number(t.SwitchesPerMinute.PerMinute, 3)}/min per viewer", "")
            .Row("capacity", $"{t.CapacityViewers} viewers, {t.CapacityBandwidth}, hit ratio {t.CapacityHitRatio}", "");
        foreach (var burn in s.Burns)
            b.Row($"at {burn.Availability}", $"burn rate {burn.BurnRate:0.00}x", burn.Exhausted ? $"{burn.Used} of the budget: exhausted" : $"{burn.Used} used, {burn.Remaining} left");
        return b.Build();
    }

    public static Section AuditSection(IReadOnlyList<Finding> findings)
    {
        var b = new SectionBuilder("Audit", "severity", "rule", "finding", "arithmetic");
        foreach (var f in findings) b.Row(f.Severity.ToString().ToLowerInvariant(), f.Rule, f.Message, f.Arithmetic);
        if (findings.Count == 0) b.Note("No contradictions found.");
        return b.Build();
    }
}
