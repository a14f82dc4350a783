using Matchday.Core.Text;
using System.Globalization;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Cli.Rendering;

/// <summary>A scenario's figures as report sections, for <c>matchday scenario show</c>.</summary>
internal static class ScenarioReport
{
    private static string I(int x) => x.ToString("N0", CultureInfo.InvariantCulture);

    public static Report Build(Scenario s, string origin)
    {
        var sections = new List<Section>();
        var t = s.Tournament;
        var stages = new SectionBuilder($"Tournament: {t.Length}{(t.Start is { } start ? $" from {start:yyyy-MM-dd}" : "")}, {t.TotalMatches} matches, {t.MatchBroadcast} per broadcast", "stage", "matches", "peak viewers");
        foreach (var st in t.Stages) stages.Row(st.Name, I(st.Matches), st.PeakViewers.ToString());
        sections.Add(stages.Note(s.Description).Build());

        var phases = new SectionBuilder("Match-day timeline", "phase", "length", "from", "to", "stages");
        foreach (var p in t.Timeline) phases.Row(p.Name, p.Length.ToString(), p.From.ToString(), p.To.ToString(), p.Stages.IsDefaultOrEmpty ? "all" : string.Join(", ", p.Stages));
        sections.Add(phases.Build());

        var devices = new SectionBuilder("Device profiles", "profile", "bitrate", "share");
        foreach (var d in s.Audience.Devices) devices.Row(d.Name, d.Bitrate.ToString(), d.Share.ToString());
        sections.Add(devices.Build());

        var nets = new SectionBuilder("Network conditions", "class", "throughput", "share", "rungs", "default");
        foreach (var n in s.Audience.Networks) nets.Row(n.Name, n.MaxThroughput is { } m ? $"{n.MinThroughput} - {m}" : $"> {n.MinThroughput}", n.Share.ToString(), string.Join(", ", n.Rungs), n.DefaultRung);
        sections.Add(nets.Build());

        var regions = new SectionBuilder("Regions", "region", "audience", "population", "subscribers", "edge servers", "capacity");
        foreach (var r in s.Regions) regions.Row(r.Name, r.Viewers?.ToString() ?? r.Share?.ToString() ?? "", r.Population?.ToString() ?? "", r.Subscribers?.ToString() ?? "", I(r.EdgeServers), r.Capacity.ToString());
        sections.Add(regions.Build());

        var ladder = new SectionBuilder($"Ladder ({Words.Of(s.Ladder.Codec)})", "rung", "bitrate", "encode cost");
        foreach (var r in s.Ladder.Rungs) ladder.Row(r.Name, r.Bitrate.ToString(), Humanize.Number(r.EncodeCost));
        sections.Add(ladder.Build());

        var d0 = s.Delivery;
        var cdns = new SectionBuilder($"Delivery: {d0.SegmentDuration} segments, {d0.ServerCapacity}/server at {d0.TargetUtilization}, {d0.HeadroomBuffer} buffer", "CDN", "tier", "traffic", "PoPs", "shields", "pricing", "committed");
        foreach (var c in d0.Cdns)
            cdns.Row(c.Name, Words.Of(c.Tier), c.Traffic.ToString(), I(c.Pops), I(c.Shields), c.Pricing is null ? "global" : c.Pricing.Percentile95 is { } p ? $"p95 {p}" : $"{c.Pricing.Tiers.Length} tier(s)",
                string.Join(", ", c.Committed.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}")));
        sections.Add(cdns.Build());

        var r0 = s.Reported;
        var reported = new SectionBuilder("Reported figures", "figure", "value");
        if (r0.PeakViewers is { } pv) reported.Row("peak viewers", pv.ToString());
        if (r0.DataTransferred is { } dt) reported.Row("data transferred", $"{dt} in {r0.TransferWindow}");
        if (r0.AverageBitrate is { } ab) reported.Row("average bitrate", ab.ToString());
        if (r0.CacheHitRatio is { } ch) reported.Row("cache hit ratio", ch.ToString());
        if (r0.LatencyP95 is { } lp) reported.Row("latency p95", lp.ToString());
        if (r0.TotalCost is { } tc) reported.Row("total cost", tc.ToString());
        if (r0.EncodingInstances is { } ei) reported.Row("encoding instances", I(ei));
        if (r0.StoredContent is { } sc) reported.Row("stored content", sc.ToString());
        if (r0.RebufferingRatio is { } rr) reported.Row("rebuffering ratio", rr.ToString());
        if (r0.StartupP95 is { } sp) reported.Row("startup p95", sp.ToString());
        if (r0.Availability is { } av) reported.Row("availability", av.ToString());
        if (r0.PeakEgress is { } pe) reported.Row("peak egress", pe.ToString());
        if (r0.PeakJoinRate is { } pj) reported.Row("peak join rate", pj.ToString());
        sections.Add(reported.Build());
        return new Report($"Scenario {s.Name} ({origin})", sections);
    }
}
