using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Simulation.Runbooks;

/// <summary>A rule's alert state, as Prometheus names them.</summary>
internal enum AlertState
{
    /// <summary>The condition does not hold.</summary>
    Inactive,

    /// <summary>The condition holds but not yet for the rule's <c>for</c>.</summary>
    Pending,

    /// <summary>The condition has held for <c>for</c>; the actions were scheduled.</summary>
    Firing,
}

/// <summary>A rule changing state at an evaluation.</summary>
internal sealed record AlertTransition(Duration At, string Rule, AlertState From, AlertState To);

/// <summary>An action of a fired rule, and when it takes effect.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="FiredAt">When the rule fired.</param>
/// <param name="EffectiveAt">When the action takes effect.</param>
/// <param name="Action">What it does.</param>
/// <param name="RuleIndex">The rule's place in the engine's rules.</param>
/// <param name="ActionIndex">The action's place in its rule.</param>
internal sealed record ScheduledAction(string Rule, Duration FiredAt, Duration EffectiveAt, RunbookAction Action, int RuleIndex, int ActionIndex);

/// <summary>
/// Evaluates runbook rules over time like Prometheus alerting rules (<c>rules/alerting.go</c>): a rule whose
/// condition becomes true turns Pending with ActiveAt = now; at an evaluation where now − ActiveAt ≥ <c>for</c> it
/// fires (so <c>for: 0</c> fires at once); any evaluation where the condition is false resets it to Inactive. Firing
/// schedules the rule's actions at fire time + execution delay; a rule fires once per episode (it must go
/// Inactive before it can fire again). Actions already scheduled still take effect after the condition clears:
/// the commands were already being run.
/// </summary>
internal sealed class RunbookEngine
{
    private readonly ImmutableArray<RunbookRule> _rules;
    private readonly AlertState[] _states;
    private readonly Duration[] _activeAt;
    private readonly List<(ScheduledAction Action, int Order)> _queue = [];
    private int _order;

    /// <summary>An engine over <paramref name="rules"/>, all inactive.</summary>
    public RunbookEngine(ImmutableArray<RunbookRule> rules)
    {
        _rules = rules;
        _states = new AlertState[rules.Length];
        _activeAt = new Duration[rules.Length];
    }

    /// <summary>The rules.</summary>
    public ImmutableArray<RunbookRule> Rules => _rules;

    /// <summary>A rule's current state.</summary>
    public AlertState StateOf(string rule) => _states[_rules.IndexOf(_rules.First(r => r.Name == rule))];

    /// <summary>Actions scheduled and not yet effective.</summary>
    public int PendingActions => _queue.Count;

    /// <summary>
    /// Evaluates every rule at <paramref name="now"/> (call in time order) against <paramref name="metrics"/> (indexed
    /// by <see cref="RunbookMetric"/>; NaN for a metric not published) and adds what changed and what takes effect now.
    /// </summary>
    public void Evaluate(Duration now, ReadOnlySpan<double> metrics, List<AlertTransition> transitions, List<ScheduledAction> effective)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        ArgumentNullException.ThrowIfNull(effective);
        for (var i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            var from = _states[i];
            AlertState to;
            if (!rule.Condition.Holds(metrics[(int)rule.Condition.Metric]))
            {
                to = AlertState.Inactive;
            }
            else
            {
                if (from == AlertState.Inactive) _activeAt[i] = now;
                to = from == AlertState.Firing || now - _activeAt[i] >= rule.For ? AlertState.Firing : AlertState.Pending;
                if (to == AlertState.Firing && from != AlertState.Firing)
                {
                    for (var a = 0; a < rule.Actions.Length; a++)
                        _queue.Add((new ScheduledAction(rule.Name, now, now + rule.ExecutionDelay, rule.Actions[a], i, a), _order++));
                }
            }
            if (to != from) transitions.Add(new AlertTransition(now, rule.Name, from, to));
            _states[i] = to;
        }

        if (_queue.Count == 0) return;
        _due.Clear();
        foreach (var q in _queue)
        {
            if (q.Action.EffectiveAt <= now) _due.Add(q);
        }
        if (_due.Count == 0) return;
        _queue.RemoveAll(q => q.Action.EffectiveAt <= now);
        // In effective-time order, then in the order they were scheduled.
        _due.Sort(static (x, y) => x.Action.EffectiveAt != y.Action.EffectiveAt ? x.Action.EffectiveAt.CompareTo(y.Action.EffectiveAt) : x.Order.CompareTo(y.Order));
        foreach (var d in _due) effective.Add(d.Action);
    }

    private readonly List<(ScheduledAction Action, int Order)> _due = [];
}
