using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Planning;

/// <summary>The error budget a target leaves over a window, and how fast an observed availability burns it.</summary>
public sealed record ErrorBudget(Ratio Target, Duration Window, Duration Budget);

/// <summary>The burn at one observed availability.</summary>
public sealed record BudgetBurn(Ratio Availability, double BurnRate, Ratio Used, Duration Remaining, bool Exhausted);

/// <summary>SLOs with their budgets.</summary>
public sealed record SloPlan(ErrorBudget Availability, ImmutableArray<BudgetBurn> Burns, Slos Targets);

/// <summary>Error-budget math (Google SRE workbook conventions).</summary>
public static class ErrorBudgets
{
    /// <summary>Budget = (1 − target) × window: 99.95% over 30 days is 21.6 minutes.</summary>
    public static ErrorBudget For(Ratio target, Duration window) => new(target, window, window * (1 - target.Value));

    /// <summary>
    /// Burn rate = (1 − availability) / (1 − target); holding it over the whole window uses burn-rate × the budget.
    /// At 99.92% against 99.95%: 0.08% / 0.05% = 1.6, i.e. 160% of the budget, exhausted.
    /// </summary>
    public static BudgetBurn Burn(ErrorBudget budget, Ratio availability)
    {
        var rate = (1 - availability.Value) / (1 - budget.Target.Value);
        var used = Math.Max(0, rate);
        var remaining = budget.Budget * Math.Max(0, 1 - used);
        return new BudgetBurn(availability, rate, Ratio.FromFraction(used), remaining, used >= 1);
    }

    public static SloPlan Plan(Scenario s)
    {
        var budget = For(s.Slos.Availability, s.Slos.Window);
        return new SloPlan(budget, [.. s.Slos.BurnAt.Select(a => Burn(budget, a))], s.Slos);
    }
}
