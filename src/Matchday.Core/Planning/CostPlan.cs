using Matchday.Core.Text;
using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Statistics;
using Matchday.Core.Units;

namespace Matchday.Core.Planning;

/// <summary>A line of the cost breakdown with the arithmetic behind it.</summary>
public sealed record CostLine(string Category, string Item, Money Cost, string Basis);

/// <summary>One CDN's bill for the tournament.</summary>
public sealed record CdnBill(string Cdn, DataSize Data, string Billing, Bitrate? BilledRate, Money Cost);

/// <summary>The tournament's cost, by category, and per viewer-hour.</summary>
public sealed record CostPlan
{
    public required ImmutableArray<CostLine> Lines { get; init; }
    public required ImmutableArray<CdnBill> Cdns { get; init; }
    public required Money Total { get; init; }
    public required ViewerTime ViewerTime { get; init; }
    public required DataSize Data { get; init; }
    public Money PerViewerHour => Total / ViewerTime.ViewerHours;

    public Money Category(string category) => Lines.Where(l => l.Category == category).Aggregate(Money.Zero, (a, l) => a + l.Cost);

    public static readonly ImmutableArray<string> Categories = ["cdn", "encoding", "origins", "storage", "monitoring", "network"];
}

/// <summary>Pricing math.</summary>
public static class Pricing
{
    /// <summary>
    /// Tiered per-GB price: each tier's price applies to the traffic within it, in order
    /// (e.g. 10 TB at $0.085 then the rest at $0.08).
    /// </summary>
    public static Money Tiered(DataSize data, IReadOnlyList<PriceTier> tiers)
    {
        var cost = Money.Zero;
        var floor = DataSize.Zero;
        foreach (var tier in tiers)
        {
            var ceiling = tier.UpTo ?? DataSize.FromBytes(double.PositiveInfinity);
            if (data <= floor) break;
            var inTier = (data < ceiling ? data : ceiling) - floor;
            cost += tier.Price * inTier;
            floor = ceiling;
        }
        return cost;
    }

    /// <summary>
    /// The 95th percentile of a rate sampled at equal intervals over a billing period: sort, drop the top 5%, take the
    /// largest left. Samples the caller did not give (time outside the event) count as zero.
    /// </summary>
    public static Bitrate Percentile95(IReadOnlyList<Bitrate> samples, int samplesInPeriod)
    {
        var n = Math.Max(samplesInPeriod, samples.Count);
        if (n == 0) return Bitrate.Zero;
        var sorted = samples.Select(b => b.BitsPerSecond).Concat(Enumerable.Repeat(0.0, n - samples.Count)).Order().ToArray();
        return Bitrate.FromBitsPerSecond(Percentiles.NearestRank(sorted, 0.95));
    }
}

/// <summary>The tournament's cost plan.</summary>
public static class Costs
{
    public static CostPlan Plan(Scenario s, IReadOnlyList<(Stage Stage, AudiencePlan Audience, DeliveryPlan Delivery)> stages,
        EncodingPlan encoding, OriginPlan origin, StoragePlan storage, ServicesPlan services)
    {
        var p = s.Prices;
        var lines = ImmutableArray.CreateBuilder<CostLine>();
        var viewerTime = new ViewerTime(stages.Sum(x => x.Audience.ViewerTime.ViewerSeconds * x.Stage.Matches));
        var data = stages.Aggregate(DataSize.Zero, (a, x) => a + x.Delivery.DataPerMatch * x.Stage.Matches);

        // CDN: each provider's share of the tournament's data, on its own pricing or the global tiers.
        var cdnShares = Arithmetic.Normalize(s.Delivery.Cdns.Select(c => c.Traffic.Value).ToArray());
        var bills = ImmutableArray.CreateBuilder<CdnBill>();
        for (var i = 0; i < s.Delivery.Cdns.Length; i++)
        {
            var cdn = s.Delivery.Cdns[i];
            var share = cdnShares[i];
            var cdnData = data * share;
            if (cdn.Pricing?.Percentile95 is { } p95)
            {
                var period = cdn.Pricing.CommitPeriod;
                var samples = stages.SelectMany(x => Enumerable.Repeat(x, x.Stage.Matches))
                    .SelectMany(x => x.Audience.Ramp.Select(pt => pt.Viewers * x.Delivery.AverageBitrate * share)).ToList();
                var perPeriod = (int)Math.Round(period.Minutes);
                var billed = Pricing.Percentile95(samples, Math.Max(perPeriod, samples.Count));
                var cost = p95.For(billed, Duration.FromSeconds(Math.Max(s.Tournament.Length.Seconds, period.Seconds)));
                bills.Add(new CdnBill(cdn.Name, cdnData, "95th percentile", billed, cost));
                lines.Add(new CostLine("cdn", cdn.Name, cost, $"p95 {billed} x {p95} over {Duration.FromSeconds(Math.Max(s.Tournament.Length.Seconds, period.Seconds))}"));
            }
            else
            {
                var tiers = cdn.Pricing?.Tiers is { Length: > 0 } own ? own : p.CdnTiers;
                var cost = Pricing.Tiered(cdnData, tiers);
                bills.Add(new CdnBill(cdn.Name, cdnData, tiers.Length > 1 ? "tiered per GB" : "per GB", null, cost));
                lines.Add(new CostLine("cdn", cdn.Name, cost, $"{cdnData} at {(tiers.Length == 1 ? tiers[0].Price.ToString() : $"{tiers.Length} tiers")}"));
            }
        }

        // Encoding: the chosen fleet runs for every match's broadcast.
        var encodeHours = s.Tournament.MatchBroadcast * s.Tournament.TotalMatches;
        var encoderPrice = encoding.Encoder switch { EncoderKind.Gpu => p.GpuInstance, EncoderKind.Cpu => p.CpuInstance };
        lines.Add(new CostLine("encoding", $"{Words.Of(encoding.Encoder)} encoders", encoderPrice * encodeHours * encoding.Instances,
            $"{encoding.Instances} instances x {Humanize.Number(encodeHours.Hours)} h x {encoderPrice}"));

        // Origins: the fleet runs all tournament; their egress to the CDN shields is billed per GB.
        var originCount = Math.Max(origin.Deployed, origin.Coalesced.ServersNeeded);
        lines.Add(new CostLine("origins", "origin servers", p.CpuInstance * s.Tournament.Length * originCount,
            $"{originCount} servers x {Humanize.Number(s.Tournament.Length.Hours)} h x {p.CpuInstance}"));
        var matchTime = Duration.FromSeconds(stages.Sum(x => x.Audience.Length.Seconds * x.Stage.Matches));
        var originData = origin.Coalesced.Egress * matchTime;
        lines.Add(new CostLine("origins", "origin transfer", p.OriginTransfer * originData, $"{originData} at {p.OriginTransfer}"));

        lines.Add(new CostLine("storage", "standard storage", storage.StandardCost, $"{storage.Tournament} for {storage.StandardRetention} at {p.Standard}"));
        lines.Add(new CostLine("storage", "archive storage", storage.ArchiveCost, $"{storage.Tournament} for {storage.ArchiveRetention} at {p.Archive}"));

        // Monitoring: one sampled log line per edge request (segments and playlists) over every match, and metric series all tournament.
        var requestsPerViewerSecond = s.Delivery.RequestsPerViewer.PerSecond;
        var logs = s.Services.LogLineSize * (viewerTime.ViewerSeconds * requestsPerViewerSecond * s.Services.LogSampling.Value);
        lines.Add(new CostLine("monitoring", "log ingest", p.LogIngest * logs, $"{logs} at {p.LogIngest}"));
        var months = s.Tournament.Length / StoragePrice.Month;
        lines.Add(new CostLine("monitoring", "metric series", p.MetricSeriesMonth * (services.MetricSeries * months),
            $"{Humanize.Compact(services.MetricSeries)} series x {Humanize.Number(months, 3)} months x {p.MetricSeriesMonth}"));

        lines.Add(new CostLine("network", "load balancers", p.LoadBalancer * s.Tournament.Length * p.LoadBalancers,
            $"{p.LoadBalancers} x {Humanize.Number(s.Tournament.Length.Hours)} h x {p.LoadBalancer}"));

        var built = lines.ToImmutable();
        return new CostPlan
        {
            Lines = built, Cdns = bills.ToImmutable(), Total = built.Aggregate(Money.Zero, (a, l) => a + l.Cost),
            ViewerTime = viewerTime, Data = data,
        };
    }
}
