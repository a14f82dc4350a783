using System.Collections.Immutable;

namespace Matchday.Core.Auditing;

/// <summary>How much a finding matters: information, a warning, an error in the figures, or a plan that cannot work.</summary>
public enum Severity
{
    Info,
    Warning,
    Error,
    Critical,
}

/// <summary>A figure a finding involves, with the scenario field it comes from (or <c>derived</c>) and where that field is written.</summary>
public sealed record Figure(string Name, string Value, string Source)
{
    /// <summary><c>file:line:col</c> of the field, when the scenario was read from a file and the field is written in it.</summary>
    public string? At { get; init; }
}

/// <summary>One audit finding: which rule, how bad, the figures involved and the arithmetic that shows it.</summary>
public sealed record Finding(string Rule, Severity Severity, string Title, string Message, ImmutableArray<Figure> Figures, string Arithmetic)
{
    /// <summary>The group of the catalogue the rule belongs to.</summary>
    public RuleGroup Group { get; init; }
}

/// <summary>The groups of the audit catalogue (docs/audit.md).</summary>
public enum RuleGroup
{
    /// <summary>Figures of the scenario that must agree with each other.</summary>
    Consistency,

    /// <summary>What is deployed against what the peak needs, and what physics allows.</summary>
    CapacityAndPhysics,

    /// <summary>What happens when a part fails: N−1, the DR standby, failover times.</summary>
    Resilience,

    /// <summary>Objectives that contradict each other or the delivery.</summary>
    Objectives,

    /// <summary>Figures reported for a past event against what the model derives.</summary>
    ReportedVsModel,
}

/// <summary>A check the audit could not make, and what it needed.</summary>
public sealed record UncheckedRule(string Rule, string Needs);

/// <summary>The audit of one scenario: its findings, most severe first, and the checks it could not make.</summary>
public sealed record AuditResult(ImmutableArray<Finding> Findings, ImmutableArray<UncheckedRule> NotChecked);
