using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;

namespace Matchday.Simulation.Players.Population;

/// <summary>
/// One network-condition class of a population: its share of viewers and the traces its viewers replay
/// (each viewer picks one trace of the set and a random start point in it).
/// </summary>
/// <param name="Name">Label in reports.</param>
/// <param name="Weight">Relative share of viewers (weights need not sum to one).</param>
/// <param name="Traces">The trace set; at least one trace.</param>
public sealed record NetworkCohort(string Name, double Weight, ImmutableArray<NetworkTrace> Traces)
{
    /// <summary>A cohort replaying real traces.</summary>
    public static NetworkCohort FromTraces(string name, double weight, IEnumerable<NetworkTrace> traces) => new(name, weight, [.. traces]);

    /// <summary>
    /// A cohort of synthetic traces: a pool of <paramref name="poolSize"/> seeded traces of the given length
    /// (viewers share the pool and start at random points, so a small pool still gives varied sessions).
    /// </summary>
    public static NetworkCohort FromSynthetic(SyntheticNetwork network, double weight, ulong seed, Duration length, int poolSize = 32)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(poolSize, 1);
        var traces = new NetworkTrace[poolSize];
        for (var i = 0; i < poolSize; i++) traces[i] = network.Generate(seed, length, i);
        return new NetworkCohort(network.Name, weight, [.. traces]);
    }

    /// <summary>The default synthetic mix: <see cref="SyntheticNetwork.Defaults"/> weighted 40/25/25/10 % (broadband, DSL, 4G, 3G).</summary>
    public static ImmutableArray<NetworkCohort> DefaultMix(ulong seed, Duration length, int poolSize = 32)
    {
        double[] weights = [0.40, 0.25, 0.25, 0.10];
        var nets = SyntheticNetwork.Defaults;
        return [.. nets.Select((n, i) => FromSynthetic(n, weights[i], seed, length, poolSize))];
    }

    internal IReadOnlyList<string> Validate(int index)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) errors.Add($"Cohorts[{index}].Name: must not be empty");
        if (!(Weight >= 0) || !double.IsFinite(Weight)) errors.Add($"Cohorts[{index}].Weight: must be >= 0, was {Weight}");
        if (Traces.IsDefaultOrEmpty) errors.Add($"Cohorts[{index}].Traces: cohort '{Name}' has no traces");
        return errors;
    }
}
