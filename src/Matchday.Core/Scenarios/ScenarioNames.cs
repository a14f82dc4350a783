using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Core.Scenarios;

/// <summary>What an autoscaler named in a runbook scales.</summary>
public enum ScalingTarget
{
    /// <summary>The origin deployment's HPA (<c>autoscaling.name</c>).</summary>
    Origins,

    /// <summary>The encoder fleet's autoscaler (<c>encoding.autoscaler</c>).</summary>
    Encoders,
}

/// <summary>
/// The names a fault spec or a runbook rule may use, taken from one scenario (and, for a simulated night, its match
/// and tick): the grammar checks every name and time against them, so a dangling name is an error where it is written.
/// </summary>
public sealed record ScenarioNames
{
    public ImmutableArray<string> Cdns { get; init; } = [];
    /// <summary>Delivery regions: name and optional short code.</summary>
    public ImmutableArray<(string Name, string? Code)> Regions { get; init; } = [];
    /// <summary>Origin regions of the DR topology.</summary>
    public ImmutableArray<string> OriginRegions { get; init; } = [];
    public ImmutableArray<string> Rungs { get; init; } = [];
    /// <summary>Autoscalers runbook actions address: name, what they scale, and their minReplicas (a maximum below it is a contradiction).</summary>
    public ImmutableArray<(string Name, ScalingTarget Target, int MinReplicas)> Autoscalers { get; init; } = [];
    /// <summary>Encoder inputs; <c>input=</c> takes 1 to this.</summary>
    public int EncoderInputs { get; init; }
    /// <summary>A fault must start before this (the match being simulated, or the longest of any stage).</summary>
    public Duration MatchLength { get; init; }
    /// <summary>What the match is, for messages: "the final's 180 min" or "the longest match (180 min)".</summary>
    public string MatchDescription { get; init; } = "the match";
    /// <summary>A fault must last at least this (the simulation's tick), when known.</summary>
    public Duration? Tick { get; init; }

    /// <summary>The names of <paramref name="s"/>, with times checked against its longest match.</summary>
    public static ScenarioNames Of(Scenario s) => new()
    {
        Cdns = [.. s.Delivery.Cdns.Select(c => c.Name)],
        Regions = [.. s.Regions.Select(r => (r.Name, r.Code))],
        OriginRegions = [.. s.Failover.Regions.Select(r => r.Name)],
        Rungs = [.. s.Ladder.Rungs.Select(r => r.Name)],
        // The encoders' autoscaler has no minimum of its own in the format: one replica.
        Autoscalers = [(s.Autoscaling.Name, ScalingTarget.Origins, s.Autoscaling.MinReplicas), .. s.Encoding.Autoscaler is { } e ? [(e, ScalingTarget.Encoders, 1)] : Array.Empty<(string, ScalingTarget, int)>()],
        EncoderInputs = s.Encoding.InputStreams,
        MatchLength = s.Tournament.LongestMatch,
        MatchDescription = $"the longest match ({s.Tournament.LongestMatch.ToScenarioString()})",
    };

    /// <summary>These names for the night of one stage, simulated with a tick of <paramref name="tick"/>.</summary>
    public ScenarioNames ForNight(Scenario s, Stage stage, Duration tick) => this with
    {
        MatchLength = s.Tournament.MatchLength(stage.Name),
        MatchDescription = $"the {stage.Name}'s {s.Tournament.MatchLength(stage.Name).ToScenarioString()}",
        Tick = tick,
    };

    /// <summary>The delivery region a name or code denotes, or -1.</summary>
    public int FindRegion(string name)
    {
        for (var i = 0; i < Regions.Length; i++)
        {
            if (string.Equals(Regions[i].Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(Regions[i].Code, name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    /// <summary>The index of <paramref name="name"/> in <paramref name="names"/> (case-insensitive), or -1.</summary>
    public static int IndexOf(ImmutableArray<string> names, string name)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    /// <summary>The region names and codes as a list for messages: <c>north-america (na), europe (eu)</c>.</summary>
    public string RegionList => string.Join(", ", Regions.Select(r => r.Code is null ? r.Name : $"{r.Name} ({r.Code})"));

    /// <summary>Every spelling of a region (names and codes), for "did you mean".</summary>
    public IEnumerable<string> RegionSpellings => Regions.SelectMany(r => r.Code is null ? [r.Name] : new[] { r.Name, r.Code });
}
