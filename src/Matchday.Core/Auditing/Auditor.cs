using System.Collections.Immutable;
using Matchday.Core.Auditing.Rules;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;

namespace Matchday.Core.Auditing;

/// <summary>
/// One rule of the audit catalogue: what it compares and why, the inputs it needs that a scenario may leave out, and its
/// check. Every rule is general: it fires on any scenario with the same kind of contradiction, at any magnitude its
/// thresholds cover, reasons with bounds in the direction they hold, stays silent on consistent figures, and shows its
/// arithmetic.
/// </summary>
public sealed record AuditRule(string Id, RuleGroup Group, string Compares, string Why, Func<AuditContext, IEnumerable<Finding>> Check)
{
    /// <summary>Null when the scenario gives what the check needs; otherwise what is missing (the check is then not made).</summary>
    public Func<Scenario, string?> Needs { get; init; } = _ => null;

    /// <summary>The severities the rule can give, for the catalogue.</summary>
    public string Severities { get; init; } = "warning";
}

/// <summary>What a rule checks: the scenario, its plan and the plan of the largest match.</summary>
public sealed record AuditContext(Scenario Scenario, Plan Plan, MatchPlan Peak);

/// <summary>
/// Compares a scenario's figures with each other and with what the model derives from them, rule by rule of the
/// catalogue (one file per group under Rules/; docs/audit.md lists them, generated from this table).
/// </summary>
public static class Auditor
{
    /// <summary>The catalogue, group by group.</summary>
    public static readonly ImmutableArray<AuditRule> Rules =
    [
        .. ConsistencyRules.All,
        .. CapacityRules.All,
        .. ResilienceRules.All,
        .. ObjectiveRules.All,
        .. AlertRules.All,
        .. ReportedRules.All,
    ];

    /// <summary>Every finding, most severe first, in rule order within a severity.</summary>
    public static ImmutableArray<Finding> Run(Scenario s, Plan plan, MatchPlan peak) => Evaluate(s, plan, peak).Findings;

    /// <summary>Every finding, and every check that could not be made for want of an input.</summary>
    public static AuditResult Evaluate(Scenario s, Plan plan, MatchPlan peak)
    {
        ArgumentNullException.ThrowIfNull(s);
        var ctx = new AuditContext(s, plan, peak);
        var findings = new List<Finding>();
        var notChecked = ImmutableArray.CreateBuilder<UncheckedRule>();
        foreach (var rule in Rules)
        {
            if (rule.Needs(s) is { } needs)
            {
                notChecked.Add(new UncheckedRule(rule.Id, needs));
                continue;
            }
            findings.AddRange(rule.Check(ctx).Select(f => f with
            {
                Rule = rule.Id,
                Group = rule.Group,
                Figures = [.. f.Figures.Select(x => x with { At = Locate(s, x.Source) })],
            }));
        }
        var ordered = findings.Select((f, i) => (f, i)).OrderByDescending(x => x.f.Severity).ThenBy(x => x.i).Select(x => x.f);
        return new AuditResult([.. ordered], notChecked.ToImmutable());
    }

    /// <summary>Where the figure's field is written, when it is a field of the scenario.</summary>
    private static string? Locate(Scenario s, string source) =>
        source is "derived" or "" || source.Contains(' ', StringComparison.Ordinal) ? null : s.Source.Locate(source);
}
