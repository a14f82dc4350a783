using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Runbooks;

namespace Matchday.Simulation.Tests.Runbooks;

public class RunbookEngineTests
{
    private static Duration S(double s) => Duration.FromSeconds(s);

    private static readonly ImmutableArray<RunbookRule> Builtin = Presets.Load().Runbook;

    private static RunbookRule Latency(double forSeconds, double delaySeconds) =>
        new("lat", new RuleCondition(RunbookMetric.LatencyP95, Comparison.Greater, 0.5), S(forSeconds), S(delaySeconds), [new ScaleOrigins(75)]);

    /// <summary>Metrics with latency set and every other metric unpublished (NaN).</summary>
    private static double[] Latency(double seconds) => Metrics((RunbookMetric.LatencyP95, seconds));

    private static double[] Metrics(params (RunbookMetric Metric, double Value)[] values)
    {
        var m = Enumerable.Repeat(double.NaN, Enum.GetValues<RunbookMetric>().Length).ToArray();
        foreach (var (metric, value) in values) m[(int)metric] = value;
        return m;
    }

    private sealed record RunbookStep(ImmutableArray<AlertTransition> Transitions, ImmutableArray<ScheduledAction> Effective);

    private static RunbookStep Evaluate(RunbookEngine engine, Duration now, double[] metrics)
    {
        var transitions = new List<AlertTransition>();
        var effective = new List<ScheduledAction>();
        engine.Evaluate(now, metrics, transitions, effective);
        return new([.. transitions], [.. effective]);
    }

    /// <summary>Evaluates every second; latency is bad from <paramref name="badFrom"/> until <paramref name="badUntil"/>.</summary>
    private static List<(double T, RunbookStep Step)> Run(RunbookEngine engine, double badFrom, double badUntil, double end)
    {
        var steps = new List<(double, RunbookStep)>();
        for (var t = 0; t <= end; t++)
        {
            var step = Evaluate(engine, S(t), Latency(t >= badFrom && t < badUntil ? 0.8 : 0.1));
            if (step.Transitions.Length > 0 || step.Effective.Length > 0) steps.Add((t, step));
        }
        return steps;
    }

    [Fact]
    public void Fires_after_holding_for_then_acts_after_the_delay()
    {
        var engine = new RunbookEngine([Latency(60, 120)]);
        var steps = Run(engine, 100, 1000, 400);
        // Pending at 100; at 160, 160 − 100 ≥ 60: firing; the action takes effect at 160 + 120 = 280.
        Assert.Equal(3, steps.Count);
        Assert.Equal((100.0, AlertState.Inactive, AlertState.Pending), (steps[0].T, steps[0].Step.Transitions[0].From, steps[0].Step.Transitions[0].To));
        Assert.Equal((160.0, AlertState.Firing), (steps[1].T, steps[1].Step.Transitions[0].To));
        Assert.Equal(280.0, steps[2].T);
        var action = Assert.Single(steps[2].Step.Effective);
        Assert.Equal(new ScaleOrigins(75), action.Action);
        Assert.Equal((S(160), S(280)), (action.FiredAt, action.EffectiveAt));
    }

    [Fact]
    public void A_condition_that_clears_before_for_never_fires()
    {
        var engine = new RunbookEngine([Latency(60, 120)]);
        var steps = Run(engine, 100, 159, 400); // true for 59 s only
        Assert.DoesNotContain(steps, s => s.Step.Effective.Length > 0);
        Assert.Equal(AlertState.Inactive, engine.StateOf("lat"));
    }

    [Fact]
    public void For_zero_fires_at_the_first_true_evaluation()
    {
        var engine = new RunbookEngine([Latency(0, 0)]);
        var step = Evaluate(engine, S(5), Latency(0.9));
        Assert.Equal(AlertState.Firing, step.Transitions[0].To);
        Assert.Single(step.Effective);
    }

    [Fact]
    public void Fires_once_per_episode_and_again_after_resolving()
    {
        var engine = new RunbookEngine([Latency(10, 0)]);
        var fired = new List<double>();
        for (var t = 0; t < 300; t++)
        {
            var bad = t is >= 20 and < 100 or >= 150 and < 200;
            foreach (var a in Evaluate(engine, S(t), Latency(bad ? 1 : 0)).Effective) fired.Add(a.FiredAt.Seconds);
        }
        Assert.Equal([30.0, 160.0], fired);
    }

    [Fact]
    public void Scheduled_actions_happen_even_if_the_condition_clears()
    {
        var engine = new RunbookEngine([Latency(0, 120)]);
        var steps = Run(engine, 10, 20, 200);
        Assert.Contains(steps, s => s.T == 130 && s.Step.Effective.Length == 1);
    }

    [Fact]
    public void An_absent_metric_is_false()
    {
        var engine = new RunbookEngine([Latency(0, 0)]);
        Assert.Empty(Evaluate(engine, S(0), Metrics()).Transitions);
    }

    [Fact]
    public void Seed_high_latency_rule_scales_origins_and_activates_the_secondary_cdn()
    {
        var engine = new RunbookEngine(Builtin);
        var effective = new List<(double, RunbookAction)>();
        for (var t = 0; t <= 600; t++)
        {
            var metrics = Metrics((RunbookMetric.LatencyP95, t >= 60 ? 0.7 : 0.15), (RunbookMetric.ViewerDropout, 50), (RunbookMetric.RegionsFailed, 0));
            effective.AddRange(Evaluate(engine, S(t), metrics).Effective.Select(a => (a.EffectiveAt.Seconds, a.Action)));
        }
        // > 500 ms from 60 s; held 1 min -> fires at 120 s; two minutes to execute -> 240 s.
        Assert.Equal([(240.0, (RunbookAction)new ScaleOrigins(75)), (240.0, new ActivateSecondaryCdn())], effective);
    }

    [Fact]
    public void Seed_dropout_and_region_rules()
    {
        var engine = new RunbookEngine(Builtin);
        var effective = new List<(double, string)>();
        for (var t = 0; t <= 400; t++)
        {
            var metrics = Metrics((RunbookMetric.LatencyP95, 0.1), (RunbookMetric.ViewerDropout, t >= 100 ? 5000 : 0), (RunbookMetric.RegionsFailed, t >= 200 ? 1 : 0));
            effective.AddRange(Evaluate(engine, S(t), metrics).Effective.Select(a => (a.EffectiveAt.Seconds, a.Action.Describe())));
        }
        Assert.Equal(
        [
            (250.0, "raise encoding-hpa maxReplicas to 150"), (250.0, "cap quality at 720p"), (250.0, "activate all CDN providers"), // 100 + 30 + 120
            (260.0, "fail over us-east to eu-west"), (260.0, "scale eu-west origins to 40"), (260.0, "promote the eu-west replica"), // 200 + 30 + 30
        ], effective);
    }
}
