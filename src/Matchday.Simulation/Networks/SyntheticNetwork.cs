using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Players;

namespace Matchday.Simulation.Networks;

/// <summary>
/// A synthetic network-condition class (e.g. "fixed broadband", "4G"), described by the statistics of a synthetic trace:
/// a log-normal throughput whose logarithm follows a first-order autoregressive (Markov) process.
/// </summary>
/// <param name="Name">Label used in reports.</param>
/// <param name="MeanThroughput">Long-run mean throughput.</param>
/// <param name="Variability">Coefficient of variation (standard deviation / mean) of the throughput; 0 is constant.</param>
/// <param name="CorrelationTime">How long a fluctuation persists (the AR(1) time constant).</param>
/// <param name="Latency">Request latency (time to first byte).</param>
/// <param name="PeriodLength">Length of each constant period of the generated trace.</param>
public sealed record SyntheticNetwork(
    string Name,
    Bitrate MeanThroughput,
    double Variability,
    Duration CorrelationTime,
    Duration Latency,
    Duration PeriodLength)
{
    /// <summary>
    /// A scenario's network-condition class as a synthetic network, the one mapping every engine uses: the class's
    /// typical throughput (<see cref="Core.Planning.NetworkClasses.TypicalThroughput"/>, as the plan and the night take it),
    /// fluctuating log-normally with the class's <c>variability</c> over its <c>correlation_time</c> in 1 s periods
    /// (<see cref="DefaultVariability"/> and <see cref="DefaultCorrelationTime"/> when it gives none), and a request
    /// latency of the class's median round trip (the night's 30 ms default when the class gives none).
    /// </summary>
    public static SyntheticNetwork OfClass(Core.Scenarios.NetworkClass networkClass)
    {
        ArgumentNullException.ThrowIfNull(networkClass);
        return new SyntheticNetwork(networkClass.Name, Core.Planning.NetworkClasses.TypicalThroughput(networkClass),
            networkClass.Variability ?? DefaultVariability, networkClass.CorrelationTime ?? DefaultCorrelationTime,
            networkClass.Rtt ?? Events.DeliveryPath.Rtt, Duration.FromSeconds(1));
    }

    /// <summary>
    /// A class's throughput variation when the scenario gives none: a coefficient of variation of 0.5. Assumed (stated in
    /// docs/simulation.md), between the measured mobile logs Sabre bundles (Ghent's 4G, a median of 0.44; Oslo's HSDPA
    /// 3G, 0.65); no measurement of home broadband over a session was found (Sabre's FCC sets are built profiles, a
    /// minute low and then two minutes at a second level, so their variation is the step, not a home's).
    /// </summary>
    public const double DefaultVariability = 0.5;

    /// <summary>
    /// How long a class's throughput swings last when the scenario gives none: 5 s. Assumed (docs/simulation.md): Ghent's
    /// 4G swings over about half a second (lag-one autocorrelation of log throughput 0.45 over 0.43 s periods), Oslo's
    /// HSDPA 3G over about 4.4 s (0.79 over 1 s).
    /// </summary>
    public static Duration DefaultCorrelationTime { get; } = Duration.FromSeconds(5);

    /// <summary>Checks the parameters; every problem, with the parameter name.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) errors.Add("Name: must not be empty");
        if (!(MeanThroughput.BitsPerSecond > 0) || !double.IsFinite(MeanThroughput.BitsPerSecond)) errors.Add($"{Name}.MeanThroughput: must be positive, was {MeanThroughput}");
        if (!(Variability >= 0) || !double.IsFinite(Variability)) errors.Add($"{Name}.Variability: must be >= 0, was {Variability}");
        if (!(CorrelationTime.Seconds > 0)) errors.Add($"{Name}.CorrelationTime: must be positive");
        if (!(Latency.Seconds >= 0)) errors.Add($"{Name}.Latency: must be >= 0");
        if (!(PeriodLength.Seconds > 0)) errors.Add($"{Name}.PeriodLength: must be positive");
        return errors;
    }

    /// <summary>
    /// Generates a seeded trace of the given length. log X_t = mu + sigma Z_t with Z_t = rho Z_{t-1} + sqrt(1 - rho^2) e_t,
    /// rho = exp(-period / correlation time), sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2 / 2, so E[X] = mean and CV[X] = cv.
    /// </summary>
    public NetworkTrace Generate(ulong seed, Duration length, int index = 0)
    {
        var errors = Validate();
        if (errors.Count > 0) throw new InvalidOperationException("invalid network class: " + string.Join("; ", errors));
        if (!(length.Seconds > 0)) throw new ArgumentOutOfRangeException(nameof(length), length.Seconds, "the trace length must be positive");
        var n = Math.Max(1, (int)Math.Ceiling(length.Seconds / PeriodLength.Seconds));
        var rng = PlayerRandom.For(seed, index, StableHash(Name));
        var sigma2 = Math.Log(1 + Variability * Variability);
        var sigma = Math.Sqrt(sigma2);
        var mu = Math.Log(MeanThroughput.BitsPerSecond) - sigma2 / 2;
        var rho = Math.Exp(-PeriodLength.Seconds / CorrelationTime.Seconds);
        var innov = Math.Sqrt(1 - rho * rho);
        var z = rng.NextGaussian();
        var periods = new TracePeriod[n];
        for (var i = 0; i < n; i++)
        {
            periods[i] = new TracePeriod(PeriodLength, Bitrate.FromBitsPerSecond(Math.Exp(mu + sigma * z)), Latency);
            z = rho * z + innov * rng.NextGaussian();
        }
        return new NetworkTrace(FormattableString.Invariant($"{Name}#{index}"), periods);
    }

    internal static ulong StableHash(string s)
    {
        var h = 14695981039346656037UL; // FNV-1a: string.GetHashCode is randomized per process
        foreach (var c in s) h = (h ^ c) * 1099511628211UL;
        return h;
    }

    /// <summary>
    /// Default classes, with means near the medians of the public trace sets in samples/traces
    /// (FCC MBA-derived "hd"/"sd" sets ~16 and ~6 Mbps, Ghent 4G ~32 Mbps, Oslo HSDPA 3G ~1 Mbps; see their README)
    /// and variabilities of the order those traces show period to period.
    /// </summary>
    public static ImmutableArray<SyntheticNetwork> Defaults { get; } =
    [
        new("broadband", Bitrate.FromMegabits(16), 0.35, Duration.FromSeconds(10), Duration.FromMilliseconds(20), Duration.FromSeconds(1)),
        new("dsl", Bitrate.FromMegabits(6), 0.35, Duration.FromSeconds(10), Duration.FromMilliseconds(20), Duration.FromSeconds(1)),
        new("4g", Bitrate.FromMegabits(32), 0.6, Duration.FromSeconds(5), Duration.FromMilliseconds(20), Duration.FromSeconds(1)),
        new("3g", Bitrate.FromMegabits(1.2), 0.7, Duration.FromSeconds(5), Duration.FromMilliseconds(100), Duration.FromSeconds(1)),
    ];
}
