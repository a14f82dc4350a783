using Matchday.Core.Units;

namespace Matchday.Simulation.Queueing;

/// <summary>
/// An M/M/c queue: Poisson arrivals at rate λ, c servers each serving at rate μ (exponential service), FCFS.
/// </summary>
/// <remarks>
/// With a = λ/μ, ρ = a/c &lt; 1 and C = <see cref="ErlangC.ProbabilityOfWaiting"/>(c, a), θ = cμ − λ
/// (Zukerman, <i>Introduction to Queueing Theory</i>, §14.1; Kleinrock Vol. 1 §3.5):
/// <list type="bullet">
/// <item>mean wait W_q = C / θ; mean response T = W_q + 1/μ (M/M/1: W_q = ρ/(μ − λ)).</item>
/// <item>wait tail P(W_q &gt; t) = C·e^(−θt), so the p-quantile of the wait is ln(C/(1−p))/θ when C &gt; 1 − p, else 0.</item>
/// <item>response tail, T = S + W_q with S ~ Exp(μ) independent of W_q:
/// P(T &gt; t) = (1 − C)·e^(−μt) + C·(θ·e^(−μt) − μ·e^(−θt)) / (θ − μ), and (1 − C)·e^(−μt) + C·e^(−μt)(1 + μt) when θ = μ.</item>
/// </list>
/// The response-time quantile is found by bisection on that exact tail, so "p95" here is exact for the M/M/c model;
/// the approximation is the model itself (Poisson requests, exponential service). Unstable (ρ ≥ 1): infinite waits.
/// </remarks>
internal readonly record struct MmcModel
{
    /// <summary>A queue with <paramref name="servers"/> servers, each completing <paramref name="serviceRatePerServer"/>, offered <paramref name="arrivalRate"/>.</summary>
    public MmcModel(int servers, Rate arrivalRate, Rate serviceRatePerServer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        ArgumentOutOfRangeException.ThrowIfNegative(arrivalRate.PerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(serviceRatePerServer.PerSecond);
        Servers = servers;
        ArrivalRate = arrivalRate;
        ServiceRatePerServer = serviceRatePerServer;
        // Erlang C costs O(√a) and the quantile's bisection needs it ~90 times: compute it once.
        _probabilityOfWaiting = ErlangC.ProbabilityOfWaiting(servers, arrivalRate.PerSecond / serviceRatePerServer.PerSecond);
    }

    private readonly double _probabilityOfWaiting;

    /// <summary>c.</summary>
    public int Servers { get; }

    /// <summary>λ.</summary>
    public Rate ArrivalRate { get; }

    /// <summary>μ, per server.</summary>
    public Rate ServiceRatePerServer { get; }

    /// <summary>a = λ/μ, in erlangs.</summary>
    public double OfferedLoad => ArrivalRate.PerSecond / ServiceRatePerServer.PerSecond;

    /// <summary>ρ = λ/(cμ).</summary>
    public Ratio Utilization => Ratio.FromFraction(OfferedLoad / Servers);

    /// <summary>Whether the queue has a steady state (ρ &lt; 1).</summary>
    public bool IsStable => OfferedLoad < Servers;

    /// <summary>Erlang C: the probability an arrival waits.</summary>
    public Ratio ProbabilityOfWaiting => Ratio.FromFraction(_probabilityOfWaiting);

    private double Theta => Servers * ServiceRatePerServer.PerSecond - ArrivalRate.PerSecond;

    /// <summary>Mean time in queue, W_q = C/(cμ − λ); infinite when unstable.</summary>
    public Duration MeanWait => IsStable ? Duration.FromSeconds(ProbabilityOfWaiting.Value / Theta) : Duration.FromSeconds(double.PositiveInfinity);

    /// <summary>Mean response time, W_q + 1/μ.</summary>
    public Duration MeanResponse => MeanWait + Duration.FromSeconds(1 / ServiceRatePerServer.PerSecond);

    /// <summary>P(W_q &gt; t) = C·e^(−θt).</summary>
    public double WaitExceedance(Duration t) => IsStable ? ProbabilityOfWaiting.Value * Math.Exp(-Theta * t.Seconds) : 1;

    /// <summary>The p-quantile of the time in queue.</summary>
    public Duration WaitQuantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1.0);
        if (!IsStable) return Duration.FromSeconds(double.PositiveInfinity);
        var c = ProbabilityOfWaiting.Value;
        return c <= 1 - p ? Duration.Zero : Duration.FromSeconds(Math.Log(c / (1 - p)) / Theta);
    }

    /// <summary>P(T &gt; t) for the response time T = W_q + S.</summary>
    public double ResponseExceedance(Duration t) => IsStable ? ResponseExceedance(t.Seconds, ProbabilityOfWaiting.Value) : 1;

    private double ResponseExceedance(double s, double c)
    {
        var mu = ServiceRatePerServer.PerSecond;
        var theta = Theta;
        var noWait = Math.Exp(-mu * s);
        var sumTail = Math.Abs(theta - mu) < 1e-9 * mu
            ? noWait * (1 + mu * s)
            : (theta * noWait - mu * Math.Exp(-theta * s)) / (theta - mu);
        return (1 - c) * noWait + c * sumTail;
    }

    /// <summary>The p-quantile of the response time (e.g. p = 0.95), by bisection on the exact tail.</summary>
    public Duration ResponseQuantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1.0);
        if (!IsStable) return Duration.FromSeconds(double.PositiveInfinity);
        var target = 1 - p;
        var c = ProbabilityOfWaiting.Value; // Erlang C once; the bisection only evaluates exponentials
        double lo = 0, hi = 1 / ServiceRatePerServer.PerSecond;
        while (ResponseExceedance(hi, c) > target) hi *= 2;
        for (var i = 0; i < 80 && hi - lo > 1e-12 * hi; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (ResponseExceedance(mid, c) > target) lo = mid;
            else hi = mid;
        }
        return Duration.FromSeconds(0.5 * (lo + hi));
    }
}
