using Matchday.Core.Units;

namespace Matchday.Simulation.Queueing;

/// <summary>A CDN edge's serving capacity and the latency floor of reaching it.</summary>
/// <param name="Servers">Edge servers in the PoP group (the queue's c).</param>
/// <param name="RequestsPerServer">Segment/manifest requests one server completes per second (its μ).</param>
/// <param name="BandwidthPerServer">Egress one server can push (e.g. 40 Gbps, the seed's edge server).</param>
/// <param name="NetworkLatency">Round trip from viewer to edge without queueing (the floor of the latency).</param>
/// <param name="Timeout">Client timeout: the latency reported when the edge is saturated (ρ ≥ 1) or the quantile exceeds it.</param>
internal sealed record EdgeCapacity(int Servers, Rate RequestsPerServer, Bitrate BandwidthPerServer, Duration NetworkLatency, Duration Timeout)
{
    /// <summary>Total egress capacity.</summary>
    public Bitrate Bandwidth => BandwidthPerServer * Servers;

    /// <summary>Total request capacity.</summary>
    public Rate Requests => RequestsPerServer * Servers;
}

/// <summary>An edge's state under a load.</summary>
/// <param name="Utilization">max(request utilization, bandwidth utilization); above 1 when overloaded.</param>
/// <param name="ServedFraction">The fair share: the fraction of demanded throughput delivered.</param>
/// <param name="MeanLatency">Network latency plus the M/M/c mean response time (capped at the timeout).</param>
/// <param name="P95Latency">Network latency plus the M/M/c 95th-percentile response time (capped at the timeout).</param>
internal readonly record struct EdgeLoad(Ratio Utilization, Ratio ServedFraction, Duration MeanLatency, Duration P95Latency);

/// <summary>
/// The CDN edge latency model: requests queue at the edge's servers as an M/M/c queue (<see cref="MmcModel"/>), whose
/// utilization is the larger of the request and the bandwidth utilization (a server busy pushing bytes cannot take
/// requests). Below capacity latency = network RTT + M/M/c response time, which rises slowly then sharply as ρ → 1.
/// At or above capacity the queue has no steady state: viewers see the timeout, and throughput is cut to the fair
/// share capacity/demand (<see cref="FairShare"/>). Stateless: each call is the steady state of that load.
/// </summary>
internal static class EdgeLatencyModel
{
    /// <summary>The p95 used for latency SLOs.</summary>
    public const double LatencyQuantile = 0.95;

    /// <summary>Evaluates the edge under <paramref name="requests"/> and <paramref name="demand"/>.</summary>
    public static EdgeLoad Evaluate(EdgeCapacity edge, Rate requests, Bitrate demand)
    {
        ArgumentNullException.ThrowIfNull(edge);
        if (edge.Servers <= 0) return new EdgeLoad(Ratio.FromFraction(double.PositiveInfinity), Ratio.Zero, edge.Timeout, edge.Timeout);
        var requestUtilization = requests / edge.Requests;
        var bandwidthUtilization = demand / edge.Bandwidth;
        var rho = Math.Max(requestUtilization, bandwidthUtilization);
        var served = Ratio.FromFraction(rho <= 1 ? 1 : 1 / rho);
        if (rho >= 1 || requests.PerSecond <= 0 && rho <= 0)
        {
            var latency = rho >= 1 ? edge.Timeout : edge.NetworkLatency + Duration.FromSeconds(1 / edge.RequestsPerServer.PerSecond);
            return new EdgeLoad(Ratio.FromFraction(rho), served, latency, latency);
        }
        // The queue sees the effective arrival rate that produces utilization rho.
        var queue = new MmcModel(edge.Servers, edge.Requests * rho, edge.RequestsPerServer);
        var mean = Min(edge.NetworkLatency + queue.MeanResponse, edge.Timeout);
        var p95 = Min(edge.NetworkLatency + queue.ResponseQuantile(LatencyQuantile), edge.Timeout);
        return new EdgeLoad(Ratio.FromFraction(rho), served, mean, p95);
    }

    private static Duration Min(Duration a, Duration b) => a <= b ? a : b;
}
