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
            Coverage(m),
            Profiles(m),
            Cdns(m),
            NMinusOne(m),
            Requests(m),
            Origin(plan),
            ShieldFill(plan),
            Encoding(plan),
            Abr(plan),
            Services(m),
            Stages(plan),
            Storage(plan),
            Cost(plan),
            Percentile95(plan),
            Slos(plan),
            AuditSection(plan.Audit, plan.AuditNotChecked),
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
            .Row("  by bandwidth / by requests", $"{N(d.ServersByBandwidth)} / {N(d.ServersByRequests)} ({Words.Of(d.Binding)}-bound)")
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

    private static Section Coverage(MatchPlan m)
    {
        var b = new SectionBuilder("Coverage per region: servers by bandwidth and by requests", "region", "servers by bandwidth", "servers by requests", "needed", "deployed", "capacity coverage", "requests at peak", "request capacity", "request coverage");
        foreach (var r in m.Delivery.Regions)
        {
            b.Row(r.Region, N(r.ServersByBandwidth), N(r.ServersByRequests), $"{N(r.ServersNeeded)} ({Words.Of(r.Binding)})", N(r.ServersDeployed),
                Humanize.Percent(r.CapacityCoverage), r.Requests.ToString(), r.RequestCapacity.ToString(), double.IsFinite(r.RequestCoverage) ? Humanize.Percent(r.RequestCoverage) : "");
        }
        var d = m.Delivery;
        b.Row("total", N(d.ServersByBandwidth), N(d.ServersByRequests), $"{N(d.ServersNeeded)} ({Words.Of(d.Binding)})", N(d.DeployedServers), Humanize.Percent(d.DeployedCapacity / d.BufferedEgress), "", "", "");
        b.Note("Coverage is what is deployed over the buffered need; below 100% the region is short even when the total is not.");
        return b.Build();
    }

    private static Section NMinusOne(MatchPlan m)
    {
        var b = new SectionBuilder("N-1: a CDN fails in a region", "region", "CDN fails", "headroom the others need", "others before", "others after", "committed", "shortfall", "extra servers", "cost");
        foreach (var r in m.Delivery.NMinusOne)
        {
            b.Row(r.Region, r.FailedCdn, r.Headroom.ToString(), r.OthersBefore.ToString(), r.HasSurvivors ? r.OthersAfter.ToString() : "no other CDN",
                r.OthersCommitted?.ToString() ?? "", r.Shortfall is { } sf ? (sf.BitsPerSecond > 0 ? sf.ToString() : "none") : "",
                N(r.ExtraServers), r.Cost?.ToString() ?? "");
        }
        b.Note("The failed CDN's buffered load moves to the region's other CDNs in proportion to their traffic; committed capacities come from delivery.cdns[].committed, the cost from prices.edge_server (the extra servers reserved for the tournament).");
        return b.Build();
    }

    private static Section ShieldFill(Plan plan)
    {
        var o = plan.Match.Origin;
        var b = new SectionBuilder($"Shield fill: {o.Feeds} feed(s) of the whole ladder", "CDN", "shields", "PoPs", "from the origin", "per shield from the origin", "PoPs per shield", "per shield to its PoPs", "per shield requests");
        foreach (var f in o.Shields)
        {
            b.Row(f.Cdn, N(f.Shields), N(f.Pops), f.FromOrigin.ToString(), f.PerShieldIngress.ToString(), f.Shields > 0 ? Humanize.Number(f.PopsPerShield, 3) : "(no shields)",
                f.Shields > 0 ? f.PerShieldEgress.ToString() : "", f.Shields > 0 ? f.PerShieldRequests.ToString() : "");
        }
        b.Note($"Encoders push {o.Ingest} into the origin ({o.Feeds} feed(s) x the ladder); each shield (or PoP without one) fetches every feed's renditions once.");
        return b.Build();
    }

    private static Section Percentile95(Plan plan)
    {
        var b = new SectionBuilder("95th-percentile bills by billing period", "CDN", "period", "matches", "billed rate (p95)", "months", "cost");
        foreach (var bill in plan.Cost.Cdns.Where(c => !c.Periods.IsEmpty))
        {
            foreach (var p in bill.Periods) b.Row(bill.Cdn, p.Name, p.Matches.ToString(CultureInfo.InvariantCulture), p.Billed.ToString(), Humanize.Number(p.Months, 3), p.Cost.ToString());
            b.Row(bill.Cdn, "total", bill.Periods.Sum(p => p.Matches).ToString(CultureInfo.InvariantCulture), "", "", bill.Cost.ToString());
        }
        if (plan.Cost.Cdns.All(c => c.Periods.IsEmpty)) b.Note("No CDN is billed at the 95th percentile.");
        else b.Note("Each period's 95th percentile is over every minute of it (minutes without a match are zero); matches are spread evenly over the tournament in stage order; calendar months when tournament.start is given.");
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
        foreach (var l in new[] { o.Coalesced, o.AllFeeds, o.FixedRatio })
            b.Row(l.Model, l.Egress.ToString(), l.Requests.ToString(), l.HitRatio.ToString(), N(l.ServersNeeded), $"{o.Deployed} ({o.DeployedCapacity})");
        b.Note($"Coalesced: {o.Fetchers} shield/PoP caches each fetch every rendition's segments once; load grows with caches x feeds x ladder, not viewers. The plan sizes and costs the origins for all {o.Feeds} feed(s); the encoders' ingest is {o.Ingest}.");
        return b.Build();
    }

    private static Section Encoding(Plan plan)
    {
        var e = plan.Encoding;
        var b = new SectionBuilder($"Encoding: {e.InputStreams} input streams", "rung", "bitrate", "CPU units", "output", "storage per hour");
        foreach (var r in e.Rungs) b.Row(r.Rung, r.Bitrate.ToString(), N(r.CpuUnits), r.Output.ToString(), r.StoragePerHour.ToString());
        b.Row("total", "", N(e.CpuUnits), e.Output.ToString(), e.StoragePerHour.ToString());
        b.Note($"{e.CpuInstances} CPU instances or {e.GpuInstances} GPU instances; the plan costs the {Words.Of(e.Encoder)} fleet.");
        foreach (var c in e.Codecs) b.Note($"{Words.Of(c.Codec)}: saves {c.Saving} of the bitrate, peak egress {c.PeakEgress} ({c.Saved} less).");
        return b.Build();
    }

    private static Section Abr(Plan plan)
    {
        var a = plan.Abr;
        var b = new SectionBuilder("ABR: network conditions to quality", "class", "share", "throughput", "rungs", "default", "default bitrate");
        foreach (var c in a.Classes)
            b.Row(c.Network, c.Share.ToString(), c.MaxThroughput is { } max ? $"{c.MinThroughput} - {max}" : $"> {c.MinThroughput}", string.Join(", ", c.Rungs), c.DefaultRung, c.DefaultBitrate.ToString());
        b.Note($"Bitrate mix: network defaults average {a.NetworkAverage} (ceiling {a.NetworkCeiling}); device profiles average {a.DeviceAverage}; players play {a.Played} uncongested (each device on the highest rung within its bitrate and {Core.Planning.Abr.ThroughputSafety:0%} of its class's typical throughput).");
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

    public static Section AuditSection(IReadOnlyList<Finding> findings, IReadOnlyList<UncheckedRule>? notChecked = null)
    {
        var b = new SectionBuilder("Audit", "severity", "rule", "finding", "arithmetic", "where");
        foreach (var f in findings) b.Row(f.Severity.ToString().ToLowerInvariant(), f.Rule, f.Message, f.Arithmetic, Where(f));
        if (findings.Count == 0) b.Note("No contradictions found.");
        if (notChecked is { Count: > 0 })
            b.Note($"Not checked, for want of an input ({notChecked.Count}): " + string.Join("; ", notChecked.Select(u => $"{u.Rule} (needs {u.Needs})")) + ".");
        return b.Build();
    }

    /// <summary>The file lines of the figures a finding involves, each once: <c>t.yaml:12, 40</c>.</summary>
    /// <summary>The file's lines the figures were written on (<c>file:12, 40</c>), then the overrides that wrote the others.</summary>
    private static string Where(Finding f)
    {
        var all = f.Figures.Select(x => x.At).OfType<string>().ToList();
        var overrides = all.Where(a => a.StartsWith("--set ", StringComparison.Ordinal)).Distinct().ToList();
        var at = all.Where(a => !a.StartsWith("--set ", StringComparison.Ordinal)).Select(a => a[..a.LastIndexOf(':')]).Distinct().ToList();
        var parts = new List<string>();
        if (at.Count > 0)
        {
            var file = at[0][..at[0].LastIndexOf(':')];
            parts.Add(file + ":" + string.Join(", ", at.Select(a => a[(a.LastIndexOf(':') + 1)..]).Distinct()));
        }
        parts.AddRange(overrides);
        return string.Join("; ", parts);
    }
}
