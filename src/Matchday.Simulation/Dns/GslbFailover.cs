using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Dns;

/// <summary>
/// GSLB/GeoDNS failover of one target: health checks detect the failure, the DNS answer changes after a
/// propagation delay (control-plane update to the authoritative servers), then clients drain per the DNS cache.
/// </summary>
/// <param name="Health">The health check.</param>
/// <param name="Propagation">From detection to the new answer being served by the authoritative name servers.</param>
/// <param name="Cache">Client-side caching of the answer.</param>
internal sealed record GslbFailover(HealthCheckPolicy Health, Duration Propagation, DnsCachePolicy Cache)
{
    /// <summary>When the authoritative answer stops returning a target that failed at <paramref name="failureAt"/>.</summary>
    public Duration AnswerChangedAt(Duration failureAt, Duration probeOffset) => Health.DetectedAt(failureAt, probeOffset) + Propagation;

    /// <summary>The share of the failed target's clients still sent to it at <paramref name="now"/>.</summary>
    public double FractionStillOnFailedTarget(Duration now, Duration failureAt, Duration probeOffset)
    {
        var change = AnswerChangedAt(failureAt, probeOffset);
        return now < change ? 1 : Cache.FractionOnOldAnswer(now - change);
    }
}

/// <summary>
/// The DNS answers of one name over time (weights per target, e.g. per CDN provider) and where clients actually
/// go given their caches: clients whose answer was fetched during epoch k follow epoch k's weights, and the share
/// fetched during [t_k, t_{k+1}) is G(t − t_{k+1}) − G(t − t_k) with G = <see cref="DnsCachePolicy.FractionOnOldAnswer"/>.
/// </summary>
internal sealed class DnsSteering
{
    private readonly List<(Duration Since, ImmutableArray<double> Weights)> _epochs = [];

    /// <summary>Steering over <paramref name="initialWeights"/> (normalized), served since long before the run.</summary>
    public DnsSteering(DnsCachePolicy cache, ImmutableArray<double> initialWeights)
    {
        Cache = cache;
        _epochs.Add((Duration.FromSeconds(double.NegativeInfinity), Normalize(initialWeights)));
    }

    /// <summary>The caching behaviour of the clients.</summary>
    public DnsCachePolicy Cache { get; }

    /// <summary>The weights the authoritative servers return now.</summary>
    public ImmutableArray<double> CurrentAnswer => _epochs[^1].Weights;

    /// <summary>The number of answer changes so far.</summary>
    public int Changes => _epochs.Count - 1;

    /// <summary>Changes the answer at <paramref name="at"/> (not before the last change).</summary>
    public void ChangeAnswer(Duration at, ImmutableArray<double> weights)
    {
        if (at < _epochs[^1].Since) throw new ArgumentOutOfRangeException(nameof(at), "answer changes must be in time order");
        if (weights.Length != _epochs[0].Weights.Length) throw new ArgumentException("one weight per target", nameof(weights));
        _epochs.Add((at, Normalize(weights)));
        // Epochs older than the longest cache life no longer hold anyone; keep the list short.
        while (_epochs.Count > 2 && Cache.FractionOnOldAnswer(at - _epochs[1].Since) <= 0) _epochs.RemoveAt(0);
    }

    /// <summary>The share of clients sent to each target at <paramref name="now"/> (sums to 1).</summary>
    public double[] EffectiveWeights(Duration now)
    {
        var result = new double[_epochs[0].Weights.Length];
        EffectiveWeights(now, result);
        return result;
    }

    /// <summary>The share of clients sent to each target at <paramref name="now"/>, written into <paramref name="result"/>.</summary>
    public void EffectiveWeights(Duration now, Span<double> result)
    {
        var n = _epochs[0].Weights.Length;
        result.Clear();
        for (var k = 0; k < _epochs.Count; k++)
        {
            var start = _epochs[k].Since;
            if (start > now) break;
            var end = k + 1 < _epochs.Count && _epochs[k + 1].Since <= now ? _epochs[k + 1].Since : now;
            var share = Cache.FractionOnOldAnswer(now - end) - (double.IsNegativeInfinity(start.Seconds) ? 0 : Cache.FractionOnOldAnswer(now - start));
            if (share <= 0) continue;
            var w = _epochs[k].Weights;
            for (var i = 0; i < n; i++) result[i] += share * w[i];
        }
    }

    private static ImmutableArray<double> Normalize(ImmutableArray<double> weights)
    {
        var sum = weights.Sum();
        if (sum <= 0) throw new ArgumentException("at least one target must have a positive weight", nameof(weights));
        return [.. weights.Select(w => w / sum)];
    }
}
