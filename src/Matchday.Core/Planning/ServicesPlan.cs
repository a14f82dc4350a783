using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Planning;

/// <summary>Load on the platform services around the stream at peak.</summary>
public sealed record ServicesPlan
{
    /// <summary>Token validations per second at the peak join minute: joins × validations per join + refreshes.</summary>
    public required Rate AuthValidations { get; init; }
    public required Rate AuthCapacity { get; init; }
    public required DataSize SessionMemory { get; init; }
    public required Rate BeaconEvents { get; init; }
    public required Bitrate BeaconThroughput { get; init; }
    public required long Partitions { get; init; }
    /// <summary>Access logs ingested per hour at peak.</summary>
    public required DataSize LogIngestPerHour { get; init; }
    public required long MetricSeries { get; init; }
}

/// <summary>Platform-service math.</summary>
public static class Services
{
    /// <summary>Auth load: joins/s × validations per join + concurrent viewers / token-refresh interval.</summary>
    public static Rate AuthLoad(Rate joins, int validationsPerJoin, ViewerCount concurrent, Duration refresh) =>
        joins * validationsPerJoin + Rate.FromPerSecond(concurrent.Value / refresh.Seconds);

    /// <summary>Beacons: viewers / interval events per second; throughput = events × size; partitions = throughput / budget.</summary>
    public static (Rate Events, Bitrate Throughput, long Partitions) Beacons(ViewerCount viewers, Duration interval, DataSize size, Bitrate partition)
    {
        var events = Rate.FromPerSecond(viewers.Value / interval.Seconds);
        var throughput = size * events.PerSecond / Duration.FromSeconds(1);
        return (events, throughput, Math.Max(1, Arithmetic.CeilCount(throughput / partition)));
    }

    public static ServicesPlan Plan(Scenario s, AudiencePlan audience, DeliveryPlan delivery, OriginPlan origin)
    {
        var sv = s.Services;
        var joinMinute = audience.Ramp.FirstOrDefault(p => p.Minute == audience.PeakJoinMinute)?.Viewers ?? audience.Peak;
        var (events, throughput, partitions) = Beacons(audience.Peak, sv.BeaconInterval, sv.BeaconSize, sv.PartitionThroughput);
        var servers = delivery.ServersNeeded + Math.Max(origin.Deployed, origin.AllFeeds.ServersNeeded);
        return new ServicesPlan
        {
            AuthValidations = AuthLoad(audience.PeakJoinRate, sv.AuthValidationsPerJoin, joinMinute, sv.TokenRefresh),
            AuthCapacity = sv.AuthCapacity,
            SessionMemory = sv.SessionSize * (audience.Peak.Value * sv.SessionReplicas),
            BeaconEvents = events,
            BeaconThroughput = throughput,
            Partitions = partitions,
            LogIngestPerHour = sv.LogLineSize * (delivery.Requests.Total.PerHour * sv.LogSampling.Value),
            MetricSeries = servers * sv.SeriesPerServer + (long)s.Regions.Length * s.Delivery.Cdns.Length * sv.SeriesPerRegionCdn,
        };
    }
}
