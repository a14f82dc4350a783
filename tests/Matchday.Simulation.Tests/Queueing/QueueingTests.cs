using Matchday.Core.Units;
using Matchday.Simulation.Queueing;
using Matchday.Simulation.Random;

namespace Matchday.Simulation.Tests.Queueing;

public class QueueingTests
{
    private static MmcModel Queue(int c, double lambda, double mu) => new(c, Rate.FromPerSecond(lambda), Rate.FromPerSecond(mu));

    [Fact]
    public void MM1_at_half_load_waits_one_service_time()
    {
        // M/M/1, λ = 0.5, μ = 1: ρ = 0.5, P(wait) = ρ = 0.5, W_q = ρ/(μ − λ) = 0.5/0.5 = 1 = 1/μ, T = W_q + 1/μ = 2.
        var q = Queue(1, 0.5, 1);
        Assert.Equal(0.5, q.Utilization.Value, 12);
        Assert.Equal(0.5, q.ProbabilityOfWaiting.Value, 12);
        Assert.Equal(1.0, q.MeanWait.Seconds, 12);
        Assert.Equal(2.0, q.MeanResponse.Seconds, 12);
        // M/M/1 response time is Exp(μ − λ): p95 = ln(20)/0.5 = 5.99146; the wait's p95 = ln(0.5/0.05)/0.5 = 4.60517.
        Assert.Equal(Math.Log(20) / 0.5, q.ResponseQuantile(0.95).Seconds, 9);
        Assert.Equal(Math.Log(10) / 0.5, q.WaitQuantile(0.95).Seconds, 12);
    }

    [Fact]
    public void Erlang_C_for_two_servers_matches_hand_values()
    {
        // c = 2, a = 1: aᶜ/c!·c/(c−a) = 1/2·2 = 1; Σ_{k<2} aᵏ/k! = 1 + 1 = 2; C = 1/(2 + 1) = 1/3.
        Assert.Equal(1.0 / 3, ErlangC.ProbabilityOfWaiting(2, 1.0), 14);
        // c = 2, a = 1.5: 1.125·(2/0.5) = 4.5; 1 + 1.5 = 2.5; C = 4.5/7 = 9/14.
        Assert.Equal(9.0 / 14, ErlangC.ProbabilityOfWaiting(2, 1.5), 14);
        // M/M/2, λ = 1.5, μ = 1: W_q = C/(cμ − λ) = (9/14)/0.5 = 9/7.
        Assert.Equal(9.0 / 7, Queue(2, 1.5, 1).MeanWait.Seconds, 12);
        // M/M/1: C = ρ.
        Assert.Equal(0.7, ErlangC.ProbabilityOfWaiting(1, 0.7), 14);
        // Overloaded: everyone waits.
        Assert.Equal(1.0, ErlangC.ProbabilityOfWaiting(4, 4.0));
    }

    [Fact]
    public void Erlang_B_matches_hand_values()
    {
        Assert.Equal(0.5, ErlangC.BlockingProbability(1, 1.0), 14); // a/(1 + a)
        Assert.Equal(0.2, ErlangC.BlockingProbability(2, 1.0), 14); // (1/2)/(1 + 1 + 1/2)
        Assert.Equal(1.0, ErlangC.BlockingProbability(0, 3.0));
    }

    [Theory]
    [InlineData(5_100, 5_000.0)]
    [InlineData(20_000, 19_500.0)]
    [InlineData(150, 140.0)]
    [InlineData(60_000, 30_000.0)]
    public void Large_loads_start_the_recurrence_late_without_losing_precision(int servers, double load)
    {
        double b = 1;
        for (var k = 1; k <= servers; k++) b = load * b / (k + load * b); // the full recurrence from 0
        var fast = ErlangC.BlockingProbability(servers, load);
        if (b < 1e-18) Assert.Equal(0.0, fast);
        else Assert.Equal(1.0, fast / b, 12);
    }

    [Fact]
    public void P95_rises_with_utilization_and_diverges_towards_capacity()
    {
        var previous = 0.0;
        foreach (var rho in new[] { 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99 })
        {
            var p95 = Queue(100, 100 * rho * 50, 50).ResponseQuantile(0.95).Seconds;
            // Non-decreasing (with 100 servers there is no waiting to double precision below ρ ≈ 0.5), rising sharply near 1.
            Assert.True(p95 >= previous, $"p95 at ρ = {rho} is {p95}, below {previous}");
            previous = p95;
        }
        // 100 servers pool well: at ρ = 0.99, θ = cμ − λ = 50/s, so the wait adds about ln(C/0.05)/θ ≈ 55 ms to 60 ms.
        Assert.InRange(previous, 0.085, 0.1);
        // Light load: no waiting to speak of, p95 = the service time's p95 = ln(20)/μ = 0.0599 s.
        Assert.Equal(Math.Log(20) / 50, Queue(100, 100 * 0.1 * 50, 50).ResponseQuantile(0.95).Seconds, 6);
        Assert.True(double.IsPositiveInfinity(Queue(10, 600, 50).ResponseQuantile(0.95).Seconds));
    }

    /// <summary>A seeded discrete-event FCFS M/M/c: each arrival takes the server that frees first.</summary>
    private static (double MeanWait, double ProbabilityOfWaiting, double P95Response) SimulateMmc(int c, double lambda, double mu, int customers, ulong seed)
    {
        var rng = new Pcg32(seed, 7);
        var free = new double[c];
        var responses = new double[customers];
        double t = 0, totalWait = 0;
        var waited = 0;
        for (var i = 0; i < customers; i++)
        {
            t += rng.NextExponential(lambda);
            var s = 0;
            for (var k = 1; k < c; k++) if (free[k] < free[s]) s = k;
            var start = Math.Max(t, free[s]);
            var wait = start - t;
            if (wait > 0) waited++;
            totalWait += wait;
            var service = rng.NextExponential(mu);
            free[s] = start + service;
            responses[i] = wait + service;
        }
        Array.Sort(responses);
        return (totalWait / customers, (double)waited / customers, responses[(int)(0.95 * customers)]);
    }

    [Theory]
    [InlineData(2, 1.5, 1.0)]   // ρ = 0.75, C = 9/14
    [InlineData(10, 8.0, 1.0)]  // ρ = 0.8
    [InlineData(1, 0.5, 1.0)]   // M/M/1 at ρ = 0.5
    public void Simulated_MMc_matches_Erlang_C(int c, double lambda, double mu)
    {
        var sim = SimulateMmc(c, lambda, mu, 300_000, seed: 20260614);
        var model = Queue(c, lambda, mu);
        // 300k customers: the sample mean of a correlated queue is within a few percent; tolerances are 5% / 0.015 / 3%.
        Assert.InRange(sim.MeanWait / model.MeanWait.Seconds, 0.95, 1.05);
        Assert.InRange(sim.ProbabilityOfWaiting - model.ProbabilityOfWaiting.Value, -0.015, 0.015);
        Assert.InRange(sim.P95Response / model.ResponseQuantile(0.95).Seconds, 0.97, 1.03);
    }

    [Fact]
    public void A_server_adds_its_workers_queue_rising_smoothly_and_times_out_past_capacity()
    {
        // 32 workers answering 50k/s in all: 0.64 ms a request. Nearly idle, the sojourn is the service time alone.
        var idle = EdgeDelay.Server(32, Rate.FromPerSecond(50_000), Rate.FromPerSecond(50));
        Assert.Equal(32 / 50_000.0, idle.Mean, 9);
        Assert.Equal(-Math.Log(0.5) * 32 / 50_000.0, idle.Q2, 6); // exponential service: median = ln 2 / mu
        // From 50% to 99.9% of capacity the mean rises at every step of 0.1%, never faster than an M/M/1 queue's 1/(1 - rho)
        // would (no step), and stays finite; at capacity it times out.
        var previous = 0.0;
        for (var i = 500; i <= 999; i++)
        {
            var rho = i / 1000.0;
            var d = EdgeDelay.Server(32, Rate.FromPerSecond(50_000), Rate.FromPerSecond(50_000 * rho));
            Assert.False(d.Overloaded);
            Assert.True(d.Mean > previous && d.Q3 >= d.Q2 && d.Q2 >= d.Q1, $"rho {rho}");
            if (previous > 0) Assert.True(d.Mean / previous <= (1 - rho + 0.001) / (1 - rho) * 1.001, $"a jump at rho {rho}: {previous} -> {d.Mean}");
            previous = d.Mean;
        }
        Assert.True(EdgeDelay.Server(32, Rate.FromPerSecond(50_000), Rate.FromPerSecond(50_000)).Overloaded);
    }

    [Fact]
    public void A_link_queue_is_the_mm1k_wait_and_holds_at_most_its_buffer()
    {
        // K = 4 packets of 1 ms: at rho = 0.5, L = 0.5/0.5 - 5 x 0.5^5 / (1 - 0.5^5) = 1 - 0.15625/0.96875 = 0.83871 packets.
        Assert.Equal((1 - 5 * Math.Pow(0.5, 5) / (1 - Math.Pow(0.5, 5))) * 1e-3, EdgeDelay.Link(0.5, Duration.FromMilliseconds(4), Duration.FromMilliseconds(1)), 12);
        // At rho = 1, K/2; far past it, nearly K.
        Assert.Equal(2e-3, EdgeDelay.Link(1, Duration.FromMilliseconds(4), Duration.FromMilliseconds(1)), 12);
        Assert.InRange(EdgeDelay.Link(3, Duration.FromMilliseconds(4), Duration.FromMilliseconds(1)), 3.4e-3, 4e-3);
        // A 40 Gbps server with a 20 ms buffer: microseconds until the link is nearly full, then up to 20 ms.
        var packet = Duration.FromSeconds(1500 * 8 / 40e9);
        Assert.True(EdgeDelay.Link(0.9, Duration.FromMilliseconds(20), packet) < 1e-5);
        Assert.InRange(EdgeDelay.Link(1.0, Duration.FromMilliseconds(20), packet), 9e-3, 11e-3);
        Assert.InRange(EdgeDelay.Link(1.2, Duration.FromMilliseconds(20), packet), 19e-3, 20e-3);
    }
}
