namespace Matchday.Simulation.Queueing;

/// <summary>
/// The Erlang B and Erlang C formulas for c servers offered a = λ/μ erlangs.
/// </summary>
/// <remarks>
/// <para>Erlang B (blocking, M/M/c/c): B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), the standard stable recurrence
/// (e.g. Kleinrock, <i>Queueing Systems</i> Vol. 1, 1975, §3.7; Zukerman, <i>Introduction to Queueing Theory and
/// Stochastic Teletraffic Models</i>, §8.3).</para>
/// <para>Erlang C (probability of waiting, M/M/c): C = c·B / (c − a·(1 − B)) for a &lt; c, and 1 for a ≥ c
/// (Zukerman §14.1). Equivalently C = [aᶜ/c! · c/(c−a)] / [Σ_{k&lt;c} aᵏ/k! + aᶜ/c! · c/(c−a)].</para>
/// <para>For large loads the recurrence starts at k₀ = ⌊a − 10√a⌋ from the overload asymptote B(k₀) ≈ 1 − k₀/a instead
/// of at 0: each step multiplies an error in B by about k/a &lt; 1, so over the ≥ 10√a steps to c the start-up error
/// shrinks by about e⁻⁵⁰. It stops early once B &lt; 1e-18 (C is then 0 to double precision). Cost: O(√a + (c − a)⁺) at worst.</para>
/// </remarks>
internal static class ErlangC
{
    /// <summary>Erlang B: the blocking probability of c servers with no queue, offered <paramref name="offeredLoad"/> erlangs.</summary>
    public static double BlockingProbability(int servers, double offeredLoad)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(servers);
        ArgumentOutOfRangeException.ThrowIfNegative(offeredLoad);
        if (offeredLoad == 0) return servers == 0 ? 1 : 0;
        var a = offeredLoad;
        var k0 = (int)Math.Max(0, Math.Min(servers, Math.Floor(a - 10 * Math.Sqrt(a))));
        var b = k0 == 0 ? 1.0 : 1.0 - k0 / a;
        for (var k = k0 + 1; k <= servers; k++)
        {
            b = a * b / (k + a * b);
            if (b < 1e-18) return 0;
        }
        return b;
    }

    /// <summary>Erlang C: the probability that an arrival waits, for c servers offered <paramref name="offeredLoad"/> = λ/μ erlangs.</summary>
    public static double ProbabilityOfWaiting(int servers, double offeredLoad)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        ArgumentOutOfRangeException.ThrowIfNegative(offeredLoad);
        if (offeredLoad >= servers) return 1;
        var b = BlockingProbability(servers, offeredLoad);
        return servers * b / (servers - offeredLoad * (1 - b));
    }
}
