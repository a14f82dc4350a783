using Matchday.Core.Text;
using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Statistics;
using Matchday.Core.Units;

namespace Matchday.Core.Planning;

/// <summary>A line of the cost breakdown with the arithmetic behind it.</summary>
public sealed record CostLine(string Category, string Item, Money Cost, string Basis);

/// <summary>One CDN's bill for the tournament; a 95th-percentile bill has a line per billing period.</summary>
public sealed record CdnBill(string Cdn, DataSize Data, string Billing, Bitrate? BilledRate, Money Cost)
{
    public ImmutableArray<BillingPeriod> Periods { get; init; } = [];
}

/// <summary>
/// One billing period of a 95th-percentile bill: when it starts (into the tournament, and its date when the tournament's
/// start is known), how long it is, the matches in it, the 95th percentile of the CDN's egress over every minute of it
/// (minutes without a match count as zero) and its bill: the rate × the price × the period in months.
/// </summary>
public sealed record BillingPeriod(string Name, Duration Start, Duration Length, int Matches, Bitrate Billed, double Months, Money Cost);

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
    /// The tournament's egress minute by minute at a share of 1: every match of every stage, in stage order, starting at
    /// evenly spaced minutes over the tournament (match k of M at ⌊k × L / M⌋), each adding its ramp × the device mix.
    /// Matches that overlap add up; the array runs to the end of the tournament or of its last match.
    /// </summary>
    public static double[] TournamentEgress(Tournament t, IReadOnlyList<(Stage Stage, AudiencePlan Audience, DeliveryPlan Delivery)> stages)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(stages);
        var length = Math.Max(1, (int)Math.Ceiling(t.Length.Minutes - 1e-9));
        var total = stages.Sum(x => x.Stage.Matches);
        var starts = new List<(int Start, int Stage)>();
        var k = 0;
        for (var i = 0; i < stages.Count; i++)
        {
            for (var m = 0; m < stages[i].Stage.Matches; m++, k++) starts.Add(((int)((long)k * length / Math.Max(1, total)), i));
        }
        var end = starts.Select(x => x.Start + stages[x.Stage].Audience.Ramp.Length).DefaultIfEmpty(length).Max();
        var egress = new double[Math.Max(length, end)];
        foreach (var (start, i) in starts)
        {
            var avg = stages[i].Delivery.AverageBitrate.BitsPerSecond;
            var ramp = stages[i].Audience.Ramp;
            for (var j = 0; j < ramp.Length; j++) egress[start + j] += ramp[j].Viewers.Value * avg;
        }
        return egress;
    }

    /// <summary>
    /// Billing periods over a timeline of minutes: calendar months from <paramref name="start"/> when it is known and the
    /// period is not fixed by contract (each month billed as one), else periods of <paramref name="period"/> from the
    /// tournament's first minute (each billed as period / 30 d months). Each period's 95th percentile is over every
    /// minute of it, the tournament's and the zeros around it.
    /// </summary>
    public static ImmutableArray<(string Name, int From, int Minutes, double Months, Bitrate P95)> Periods(double[] egress, DateOnly? start, Duration period, bool calendar)
    {
        ArgumentNullException.ThrowIfNull(egress);
        var periods = ImmutableArray.CreateBuilder<(string, int, int, double, Bitrate)>();
        if (start is { } day && calendar)
        {
            // Minutes count from the tournament's first; the month it starts in began before it.
            var monthStart = new DateOnly(day.Year, day.Month, 1);
            for (var m = monthStart; (m.DayNumber - day.DayNumber) * 1440 < egress.Length; m = m.AddMonths(1))
            {
                var from = (m.DayNumber - day.DayNumber) * 1440;
                var minutes = DateTime.DaysInMonth(m.Year, m.Month) * 1440;
                periods.Add((m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), from, minutes, 1, P95(egress, from, minutes)));
            }
        }
        else
        {
            var minutes = Math.Max(1, (int)Math.Round(period.Minutes));
            for (var from = 0; from < egress.Length; from += minutes)
                periods.Add((string.Create(System.Globalization.CultureInfo.InvariantCulture, $"days {from / 1440.0 + 1:0.##}-{(from + minutes) / 1440.0:0.##}"), from, minutes, period / StoragePrice.Month, P95(egress, from, minutes)));
        }
        return periods.ToImmutable();
    }

    /// <summary>The 95th percentile of the minutes [from, from + minutes) of a timeline; minutes outside it count as zero.</summary>
    private static Bitrate P95(double[] egress, int from, int minutes)
    {
        var lo = Math.Max(0, from);
        var hi = Math.Min(egress.Length, from + minutes);
        var samples = new double[minutes];
        if (hi > lo) Array.Copy(egress, lo, samples, lo - from, hi - lo);
        Array.Sort(samples);
        return Bitrate.FromBitsPerSecond(Percentiles.NearestRank(samples, 0.95));
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
    /// <summary>Matches that start in the minutes [from, from + minutes), placed as <see cref="Pricing.TournamentEgress"/> places them.</summary>
    private static int MatchesIn(Tournament t, IReadOnlyList<(Stage Stage, AudiencePlan Audience, DeliveryPlan Delivery)> stages, int from, int minutes)
    {
        var length = Math.Max(1, (int)Math.Ceiling(t.Length.Minutes - 1e-9));
        var total = stages.Sum(x => x.Stage.Matches);
        return Enumerable.Range(0, total).Count(k => (int)((long)k * length / Math.Max(1, total)) is var start && start >= from && start < from + minutes);
    }

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
        double[]? egress = null;
        for (var i = 0; i < s.Delivery.Cdns.Length; i++)
        {
            var cdn = s.Delivery.Cdns[i];
            var share = cdnShares[i];
            var cdnData = data * share;
            if (cdn.Pricing?.Percentile95 is { } p95)
            {
                // 95/5 billing per billing period: the share of the tournament's egress this CDN carries, minute by minute.
                egress ??= Pricing.TournamentEgress(s.Tournament, stages);
                var calendar = s.Tournament.Start is not null && !cdn.Pricing.CommitPeriodGiven;
                var periods = Pricing.Periods(egress, s.Tournament.Start, cdn.Pricing.CommitPeriod, calendar)
                    .Select(p => new BillingPeriod(p.Name, Duration.FromMinutes(p.From), Duration.FromMinutes(p.Minutes),
                        MatchesIn(s.Tournament, stages, p.From, p.Minutes), p.P95 * share, p.Months, p95.PerMegabitMonth * ((p.P95 * share).Megabits * p.Months)))
                    .ToImmutableArray();
                var cost = periods.Aggregate(Money.Zero, (a, p) => a + p.Cost);
                var billed = periods.Select(p => p.Billed).DefaultIfEmpty(Bitrate.Zero).Max();
                bills.Add(new CdnBill(cdn.Name, cdnData, "95th percentile", billed, cost) { Periods = periods });
                lines.Add(new CostLine("cdn", cdn.Name, cost,
                    $"p95 per {(calendar ? "calendar month" : cdn.Pricing.CommitPeriod.ToString())} x {p95}: " + string.Join(" + ", periods.Select(p => $"{p.Name} {p.Billed}"))));
            }
            else
            {
                var tiers = cdn.Pricing?.Tiers is { Length: > 0 } own ? own : p.CdnTiers;
                var cost = Pricing.Tiered(cdnData, tiers);
                bills.Add(new CdnBill(cdn.Name, cdnData, tiers.Length > 1 ? "tiered per GB" : "per GB", null, cost));
                lines.Add(new CostLine("cdn", cdn.Name, cost, $"{cdnData} at {(tiers.Length == 1 ? tiers[0].Price.ToString() : $"{tiers.Length} tiers")}"));
            }
        }

        // Encoding: the chosen fleet (every pipeline of it) runs for every match's broadcast.
        var encodeHours = s.Tournament.MatchBroadcast * s.Tournament.TotalMatches;
        var encoderPrice = encoding.Encoder switch { EncoderKind.Gpu => p.GpuInstance, EncoderKind.Cpu => p.CpuInstance };
        lines.Add(new CostLine("encoding", $"{Words.Of(encoding.Encoder)} encoders", encoderPrice * encodeHours * encoding.Instances,
            $"{encoding.Instances} instances x {Humanize.Number(encodeHours.Hours)} h x {encoderPrice}"));

        // Origins: the fleet runs all tournament; their egress to the CDN shields is billed per GB.
        var originCount = Math.Max(origin.Deployed, origin.AllFeeds.ServersNeeded);
        lines.Add(new CostLine("origins", "origin servers", p.CpuInstance * s.Tournament.Length * originCount,
            $"{originCount} servers x {Humanize.Number(s.Tournament.Length.Hours)} h x {p.CpuInstance}"));
        var matchTime = Duration.FromSeconds(stages.Sum(x => x.Audience.Length.Seconds * x.Stage.Matches));
        var originData = origin.AllFeeds.Egress * matchTime;
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
