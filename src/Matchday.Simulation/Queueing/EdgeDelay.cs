using Matchday.Core.Units;

namespace Matchday.Simulation.Queueing;

/// <summary>What an edge server adds to a request's round trip: its queue for a worker, and its link's queue.</summary>
/// <param name="Q1">The server's sojourn (wait + service) at its 1/6 quantile, seconds.</param>
/// <param name="Q2">... at its median.</param>
/// <param name="Q3">... at its 5/6 quantile.</param>
/// <param name="Mean">Its mean.</param>
/// <param name="Overloaded">The server cannot keep up (ρ ≥ 1): requests wait without end, and time out.</param>
internal readonly record struct ServerDelay(double Q1, double Q2, double Q3, double Mean, bool Overloaded)
{
    public static ServerDelay Timeout { get; } = new(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity, true);
}

/// <summary>
/// The queueing an edge adds, per server: the CDN's balancer spreads requests over its servers, each an M/M/c queue with
/// c workers (cores) sharing the server's request rate, so delay rises smoothly with utilization and a server past its
/// capacity times out; and the server's egress link, an M/M/1/K queue whose buffer holds a fixed time of line rate,
/// so a link run full by adaptive players adds up to that buffer's delay (players back off; nothing times out).
/// </summary>
internal static class EdgeDelay
{
    /// <summary>The quantiles a server's delay is carried at: the midpoints of its thirds.</summary>
    public static readonly double[] Quantiles = [1.0 / 6, 0.5, 5.0 / 6];

    /// <summary>A server with <paramref name="workers"/> workers answering <paramref name="capacity"/> requests a second in all, at <paramref name="load"/> requests a second.</summary>
    public static ServerDelay Server(int workers, Rate capacity, Rate load)
    {
        if (load.PerSecond >= capacity.PerSecond) return ServerDelay.Timeout;
        var mu = Rate.FromPerSecond(capacity.PerSecond / workers);
        var q = new MmcModel(workers, Rate.FromPerSecond(Math.Max(0, load.PerSecond)), mu);
        return new ServerDelay(q.ResponseQuantile(Quantiles[0]).Seconds, q.ResponseQuantile(Quantiles[1]).Seconds, q.ResponseQuantile(Quantiles[2]).Seconds, q.MeanResponse.Seconds, false);
    }

    /// <summary>The mean sojourn of such a server, seconds (+∞ past its capacity).</summary>
    public static double ServerMean(int workers, Rate capacity, Rate load)
    {
        if (load.PerSecond >= capacity.PerSecond) return double.PositiveInfinity;
        return new MmcModel(workers, Rate.FromPerSecond(Math.Max(0, load.PerSecond)), Rate.FromPerSecond(capacity.PerSecond / workers)).MeanResponse.Seconds;
    }

    /// <summary>
    /// The mean wait in an M/M/1/K link queue at utilization <paramref name="rho"/> whose buffer holds
    /// <paramref name="buffer"/> of traffic in packets of <paramref name="packet"/>: L·t with
    /// L = ρ/(1−ρ) − (K+1)ρ^(K+1)/(1−ρ^(K+1)), K/2 at ρ = 1, tending to K when the link is offered more than it carries.
    /// </summary>
    public static double Link(double rho, Duration buffer, Duration packet)
    {
        if (!(rho > 0)) return 0;
        var k = Math.Max(1, Math.Round(buffer.Seconds / packet.Seconds));
        double l;
        if (Math.Abs(rho - 1) < 1e-9) l = k / 2;
        else
        {
            // ρ^(K+1) overflows for ρ > 1 and large K: compute the second term in the stable form (K+1)/(ρ^-(K+1) − 1).
            var logPow = (k + 1) * Math.Log(rho);
            var second = logPow > 0 ? (k + 1) / (Math.Exp(-logPow) - 1) : (k + 1) * Math.Exp(logPow) / (1 - Math.Exp(logPow));
            l = rho / (1 - rho) - second;
        }
        return Math.Clamp(l, 0, k) * packet.Seconds;
    }
}
