using System.Globalization;
using Matchday.Core.Planning;
using Planning = Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Artifacts;

/// <summary>
/// The origin HPA's bounds derived from the plan instead of written by hand. A pod is one origin server of
/// <c>origins:</c>, which carries <c>origins.capacity</c> and <c>origins.requests_per_server</c>, whichever binds
/// (<see cref="Origin.ServersFor"/>). The HPA holds its pods at its utilization target, so a load needs load ÷
/// (capacity × target) pods:
/// <list type="bullet">
/// <item>minimum: the baseline, the coalesced load of every input feed (each fetching cache asks once per segment of each
/// rendition, whatever the audience), at least two pods so one can be drained;</item>
/// <item>maximum: the peak need, the load if the caches miss at the scenario's assumed hit ratio (what the origins face
/// when caches fail open: the audit's origin-fixed-ratio), at the target, with the headroom buffer on top;</item>
/// <item>the PodDisruptionBudget keeps the pods the baseline needs at full utilization, at least one.</item>
/// </list>
/// </summary>
/// <param name="MinReplicas">The HPA's <c>minReplicas</c>.</param>
/// <param name="MaxReplicas">The HPA's <c>maxReplicas</c>.</param>
/// <param name="MinAvailable">The PodDisruptionBudget's <c>minAvailable</c>.</param>
/// <param name="Target">The utilization the HPA holds (its CPU target; 100% without a utilization metric).</param>
/// <param name="Baseline">Servers' worth of the baseline load at full utilization.</param>
/// <param name="Peak">Servers' worth of the peak need at full utilization.</param>
/// <param name="Arithmetic">How the bounds were derived, for people.</param>
public sealed record OriginScaling(int MinReplicas, int MaxReplicas, int MinAvailable, Ratio Target, double Baseline, double Peak, string Arithmetic)
{
    /// <summary>The most replicas the scenario format (and so the simulated HPA) takes.</summary>
    public const int MaxReplicasLimit = 100_000;

    public static OriginScaling For(Scenario s, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(plan);
        var origin = plan.Match.Origin;
        var target = s.Autoscaling.Metrics.FirstOrDefault(m => m.Type == ScalingMetricType.Resource && m.Name == "cpu" && m.TargetUtilization is not null)?.TargetUtilization
            ?? s.Autoscaling.Metrics.FirstOrDefault(m => m.TargetUtilization is not null)?.TargetUtilization
            ?? Ratio.One;
        var u = Math.Clamp(target.Value, 0.01, 1);
        double Servers(OriginLoad load) => Math.Max(load.Egress / s.Origins.Capacity, load.Requests.PerSecond / s.Origins.RequestsPerServer.PerSecond);
        var baseline = Servers(origin.AllFeeds);
        var peak = Servers(origin.FixedRatio);
        var headroom = s.Delivery.HeadroomBuffer.Value;
        var min = (int)Math.Clamp(Math.Max(2, Planning.Arithmetic.CeilCount(baseline / u)), 2, MaxReplicasLimit);
        var max = (int)Math.Clamp(Math.Max(min, Planning.Arithmetic.CeilCount(peak / u * (1 + headroom))), min, MaxReplicasLimit);
        var minAvailable = (int)Math.Clamp(Planning.Arithmetic.CeilCount(baseline), 1, min - 1);
        var inv = CultureInfo.InvariantCulture;
        var text = string.Create(inv,
            $"minReplicas = max(2, ceil({baseline:0.###} baseline servers / {Humanize.Percent(u)})) = {min}; " +
            $"maxReplicas = ceil({peak:0.###} peak servers / {Humanize.Percent(u)} x (1 + {Humanize.Percent(headroom)})) = {max}; " +
            $"minAvailable = ceil({baseline:0.###}) = {minAvailable}");
        return new OriginScaling(min, max, minAvailable, Ratio.FromFraction(u), baseline, peak, text);
    }
}
