using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Runbooks;

namespace Matchday.Simulation.Events;

/// <summary>
/// The runbook: every evaluation interval (Prometheus <c>evaluation_interval</c>) the rules see the night's metrics,
/// change alert state, and fire; fired actions take effect after their delay, each by one effect below.
/// </summary>
internal static class RunbookStep
{
    private const double Tiny = 1e-9;

    /// <summary>How far back the dropout metric counts disconnects (the seed alert's rate window, taken as a minute).</summary>
    private const double DropoutWindowSeconds = 60;

    public static void Run(NightModel m, NightState s, NightRecorder recorder, int tick, double t)
    {
        // The seed's alert counts disconnects of viewers who were watching (rate over the last minute).
        s.DropoutWindow.Enqueue(s.Disconnects);
        s.DropoutSum += s.Disconnects;
        if (s.DropoutWindow.Count * s.Dt > DropoutWindowSeconds) s.DropoutSum -= s.DropoutWindow.Dequeue();
        if (t + Tiny < s.NextEvaluation) return;
        s.NextEvaluation = t + m.Request.EvaluationInterval.Seconds;

        var metrics = s.Metrics;
        metrics[(int)RunbookMetric.LatencyP95] = s.LatencyP95;
        metrics[(int)RunbookMetric.ViewerDropout] = s.DropoutSum / (s.DropoutWindow.Count * s.Dt);
        metrics[(int)RunbookMetric.RegionsFailed] = RegionsFailed(m, s, t);
        metrics[(int)RunbookMetric.CacheHitRatio] = recorder.HitRatio(tick);
        metrics[(int)RunbookMetric.EncodingCpu] = m.EncodingCpu.Value;
        var now = Duration.FromSeconds(t);
        s.Transitions.Clear();
        s.DueActions.Clear();
        s.Runbook.Evaluate(now, metrics, s.Transitions, s.DueActions);
        foreach (var tr in s.Transitions) recorder.Incident(tr.At, IncidentKind.Alert, $"{tr.Rule}: {tr.From} -> {tr.To}".ToLowerInvariant());
        foreach (var action in s.DueActions) Apply(m, s, recorder, action, now);
    }

    /// <summary>Origin regions known to be lost whose traffic has not failed over.</summary>
    private static double RegionsFailed(NightModel m, NightState s, double t)
    {
        var n = 0;
        for (var i = 0; i < m.Faults.Length; i++)
        {
            if (m.Faults[i].Kind == FaultKind.OriginRegionLoss && m.Faults[i].Known(t) && !s.FailedOver[i]) n++;
        }
        return n;
    }

    private static void Apply(NightModel m, NightState s, NightRecorder recorder, ScheduledAction scheduled, Duration now)
    {
        var resolved = m.RuleActions[scheduled.RuleIndex][scheduled.ActionIndex];
        var action = resolved.Action;
        recorder.Incident(now, IncidentKind.Action, $"{scheduled.Rule}: {action.Describe()} (fired {scheduled.FiredAt}, effective {scheduled.EffectiveAt})");
        _ = action.Kind switch
        {
            ActionKind.ScaleOrigins => ScaleOrigins(s, ((ScaleOrigins)action).Replicas, now),
            ActionKind.ActivateSecondaryCdn => s.AnswersDirty = s.SecondaryActive = true,
            ActionKind.ActivateAllCdns => s.AnswersDirty = s.AllActive = true,
            ActionKind.CapQuality => CapQuality(m, s, resolved.RungBitrate),
            ActionKind.FailOver => FailOver(m, s, now),
            // Promoting a replica changes nothing the fluid model carries (it has no metadata database).
            ActionKind.PromoteReplica => false,
            ActionKind.SetHpaMax => SetMax(s, resolved.Target, ((SetHpaMaxReplicas)action).MaxReplicas),
        };
    }

    /// <summary><c>kubectl scale</c> as the seed writes it: the HPA's floor is raised so it does not scale back at once.</summary>
    private static bool ScaleOrigins(NightState s, int replicas, Duration now)
    {
        var spec = s.Origins.Autoscaler.Spec;
        var min = Math.Min(spec.MaxReplicas, Math.Max(spec.MinReplicas, replicas));
        s.Origins.Autoscaler.UpdateSpec(spec with { MinReplicas = min });
        if (s.Origins.SpecReplicas < min) s.Origins.ScaleTo(min, now);
        return true;
    }

    private static bool CapQuality(NightModel m, NightState s, double rungBitrate)
    {
        s.QualityCap = rungBitrate;
        NightState.OrderWants(s, m);
        return true;
    }

    private static bool FailOver(NightModel m, NightState s, Duration now)
    {
        for (var i = 0; i < m.Faults.Length; i++)
        {
            if (m.Faults[i].Kind == FaultKind.OriginRegionLoss && m.Faults[i].Active(now.Seconds)) s.FailedOver[i] = true;
        }
        return true;
    }

    private static bool SetMax(NightState s, ScalingTarget target, int max)
    {
        switch (target)
        {
            case ScalingTarget.Origins:
                var spec = s.Origins.Autoscaler.Spec;
                s.Origins.Autoscaler.UpdateSpec(spec with { MaxReplicas = Math.Max(spec.MinReplicas, max) });
                return true;
            case ScalingTarget.Encoders:
                return false; // the fluid model sizes no encoder fleet: the encoders' ceiling changes nothing it carries
            default:
                return false;
        }
    }
}
