using System.Collections.Immutable;
using Matchday.Core.Auditing;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Planning;

/// <summary>The plan for one match of one stage.</summary>
public sealed record MatchPlan
{
    public required Stage Stage { get; init; }
    public required AudiencePlan Audience { get; init; }
    public required DeliveryPlan Delivery { get; init; }
    public required OriginPlan Origin { get; init; }
    public required ServicesPlan Services { get; init; }
}

/// <summary>One row of the tournament summary: a stage's matches and their totals.</summary>
public sealed record StageSummary(string Stage, int Matches, ViewerCount Peak, Bitrate PeakEgress, long ServersNeeded, ViewerTime ViewerTimePerMatch, DataSize DataPerMatch);

/// <summary>The whole plan: the chosen match, every stage, the tournament's encoding, storage, cost, SLOs and audit.</summary>
public sealed record Plan
{
    public required string Scenario { get; init; }
    public required MatchPlan Match { get; init; }
    public required ImmutableArray<StageSummary> Stages { get; init; }
    public required EncodingPlan Encoding { get; init; }
    public required AbrPlan Abr { get; init; }
    public required StoragePlan Storage { get; init; }
    public required CostPlan Cost { get; init; }
    public required SloPlan Slos { get; init; }
    public required ImmutableArray<Finding> Audit { get; init; }
    /// <summary>The audit's checks that could not be made, and what each needed that the scenario does not give.</summary>
    public ImmutableArray<UncheckedRule> AuditNotChecked { get; init; } = [];
}

/// <summary>Builds the plan from a scenario. Pure: the same scenario always gives the same plan.</summary>
public static class Planner
{
    /// <summary>Plans one match of <paramref name="stage"/> (the largest stage when null) and the tournament.</summary>
    public static Plan Build(Scenario s, string? stage = null)
    {
        var chosen = stage is null
            ? s.Tournament.Stages.MaxBy(x => x.PeakViewers.Value)!
            : s.FindStage(stage) ?? throw new ArgumentException(
                $"no stage '{stage}' in scenario {s.Name}; stages: {string.Join(", ", s.Tournament.Stages.Select(x => x.Name))}", nameof(stage));

        var perStage = s.Tournament.Stages.Select(st => PlanMatch(s, st)).ToList();
        var match = perStage.Single(m => m.Stage == chosen);
        var encoding = Encoder.Plan(s, match.Delivery);
        var storage = Recordings.Plan(s, encoding);
        var peakMatch = perStage.MaxBy(m => m.Audience.Peak.Value)!;
        var cost = Costs.Plan(s, perStage.Select(m => (m.Stage, m.Audience, m.Delivery)).ToList(), encoding, peakMatch.Origin, storage, peakMatch.Services);
        var plan = new Plan
        {
            Scenario = s.Name,
            Match = match,
            Stages = [.. perStage.Select(m => new StageSummary(m.Stage.Name, m.Stage.Matches, m.Audience.Peak, m.Delivery.PeakEgress,
                m.Delivery.ServersNeeded, m.Audience.ViewerTime, m.Delivery.DataPerMatch))],
            Encoding = encoding,
            Abr = Abr.Plan(s),
            Storage = storage,
            Cost = cost,
            Slos = ErrorBudgets.Plan(s),
            Audit = [],
        };
        var audit = Auditor.Evaluate(s, plan, peakMatch);
        return plan with { Audit = audit.Findings, AuditNotChecked = audit.NotChecked };
    }

    private static MatchPlan PlanMatch(Scenario s, Stage stage)
    {
        var audience = Planning.Audience.Plan(s, stage);
        var delivery = Planning.Delivery.Plan(s, audience);
        var origin = Planning.Origin.Plan(s, delivery);
        return new MatchPlan
        {
            Stage = stage, Audience = audience, Delivery = delivery, Origin = origin,
            Services = Planning.Services.Plan(s, audience, delivery, origin),
        };
    }
}
