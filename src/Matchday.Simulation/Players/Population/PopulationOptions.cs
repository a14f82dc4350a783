using System.Collections.Immutable;

namespace Matchday.Simulation.Players.Population;

/// <summary>A population run: how many viewers, their player, their network mix and the seed.</summary>
public sealed record PopulationOptions
{
    /// <summary>Number of viewers (issue default 100,000).</summary>
    public int Viewers { get; init; } = 100_000;

    /// <summary>Every viewer's player configuration.</summary>
    public required PlayerOptions Player { get; init; }

    /// <summary>The network-condition mix.</summary>
    public required ImmutableArray<NetworkCohort> Cohorts { get; init; }

    /// <summary>The seed: same seed, same results, whatever the thread count.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Worker threads; null for all cores. Does not change results.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Keep every viewer's <see cref="SessionMetrics"/> in the result (for CSV output).</summary>
    public bool KeepSessions { get; init; }

    /// <summary>Bins per histogram.</summary>
    public int HistogramBins { get; init; } = 20;

    /// <summary>Every problem, each naming the property.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Viewers < 1) errors.Add($"Viewers: must be at least 1, was {Viewers}");
        if (Player is null) errors.Add("Player: required");
        else errors.AddRange(Player.Validate().Select(e => "Player." + e));
        if (Cohorts.IsDefaultOrEmpty) errors.Add("Cohorts: give at least one network cohort");
        else
        {
            for (var i = 0; i < Cohorts.Length; i++) errors.AddRange(Cohorts[i].Validate(i));
            if (Cohorts.All(c => !(c.Weight > 0))) errors.Add("Cohorts: at least one weight must be positive");
        }
        if (MaxDegreeOfParallelism is < 1) errors.Add("MaxDegreeOfParallelism: must be at least 1");
        if (HistogramBins < 1) errors.Add("HistogramBins: must be at least 1");
        return errors;
    }
}
