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

/// <summary>A figure a finding involves, with where it comes from.</summary>
public sealed record Figure(string Name, string Value, string Source);

/// <summary>One audit finding: which rule, how bad, the figures involved and the arithmetic that shows it.</summary>
public sealed record Finding(string Rule, Severity Severity, string Title, string Message, ImmutableArray<Figure> Figures, string Arithmetic);
