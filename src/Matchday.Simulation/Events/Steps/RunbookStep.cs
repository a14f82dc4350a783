using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Runbooks;

namespace Matchday.Simulation.Events;

/// <summary>
/// The runbook: every evaluation interval (Prometheus <c>evaluation_interval</c>) the rules see the night's metrics,
/// change alert state, and fire; fired actions take effect after their delay, each by one effect below. An action that
/// sets a limit (a quality cap, CDN activation, the origin HPA's bounds) holds it until its own <c>for</c> has passed,
/// or else until its rule's condition has been clear for the rule's hold time; then the limit is lifted and the
/// timeline says so. Limits held by several actions combine: the lowest cap, the highest floor and ceiling.
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
        var now = Duration.FromSeconds(t);
        EndTimedLimits(m, s, recorder, now);
        if (t + Tiny < s.NextEvaluation) return;
        s.NextEvaluation = t + m.Request.EvaluationInterval.Seconds;

        var metrics = s.Metrics;
        metrics[(int)RunbookMetric.LatencyP95] = s.LatencyP95;
        metrics[(int)RunbookMetric.ViewerDropout] = s.DropoutSum / (s.DropoutWindow.Count * s.Dt);
        metrics[(int)RunbookMetric.RegionsFailed] = RegionsFailed(m, s, t);
        metrics[(int)RunbookMetric.CacheHitRatio] = recorder.HitRatio(tick);
        metrics[(int)RunbookMetric.EncodingCpu] = m.EncodingCpu.Value;
        s.Transitions.Clear();
        s.DueActions.Clear();
        s.Runbook.Evaluate(now, metrics, s.Transitions, s.DueActions);
        foreach (var tr in s.Transitions)
        {
            recorder.Incident(tr.At, IncidentKind.Alert, $"{tr.Rule}: {tr.From} -> {tr.To}".ToLowerInvariant());
            var rule = m.Rules.IndexOf(m.Rules.First(r => r.Name == tr.Rule));
            s.ClearedSince[rule] = tr.To == AlertState.Inactive ? t : double.NaN;
        }
        foreach (var action in s.DueActions) Apply(m, s, recorder, action, now);
        EndClearedLimits(m, s, recorder, now);
    }

    /// <summary>Origin regions known to be lost whose traffic has not failed over.</summary>
    internal static double RegionsFailed(NightModel m, NightState s, double t)
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
        if (RunbookAction.Reverts(action.Kind))
        {
            // A limit: held (or held again, if the rule fired anew) until it ends.
            var until = action.Lasts is { } d ? now.Seconds + d.Seconds : double.NaN;
            s.Limits.RemoveAll(l => l.Rule == scheduled.RuleIndex && l.Action == scheduled.ActionIndex);
            s.Limits.Add(new HeldLimit(scheduled.RuleIndex, scheduled.ActionIndex, resolved, until));
            if (action is ScaleOrigins so && s.Origins.SpecReplicas < so.Replicas) s.Origins.ScaleTo(Math.Min(so.Replicas, s.Origins.Autoscaler.Spec.MaxReplicas), now);
            ApplyLimits(m, s);
            return;
        }
        _ = action.Kind switch
        {
            ActionKind.FailOver => FailOver(m, s, now),
            // Promoting a replica changes nothing the fluid model carries (it has no metadata database).
            ActionKind.PromoteReplica => false,
            ActionKind.ScaleOrigins or ActionKind.ActivateSecondaryCdn or ActionKind.ActivateAllCdns or ActionKind.CapQuality or ActionKind.SetHpaMax => false,
        };
    }

    private static void EndTimedLimits(NightModel m, NightState s, NightRecorder recorder, Duration now)
    {
        if (s.Limits.Count == 0) return;
        for (var i = s.Limits.Count - 1; i >= 0; i--)
        {
            var l = s.Limits[i];
            if (double.IsNaN(l.Until) || now.Seconds + Tiny < l.Until) continue;
            End(m, s, recorder, i, now, $"after {l.Resolved.Action.Lasts}");
        }
    }

    private static void EndClearedLimits(NightModel m, NightState s, NightRecorder recorder, Duration now)
    {
        for (var i = s.Limits.Count - 1; i >= 0; i--)
        {
            var l = s.Limits[i];
            if (!double.IsNaN(l.Until)) continue;
            var cleared = s.ClearedSince[l.Rule];
            var hold = Math.Max(m.Rules[l.Rule].For.Seconds, m.Request.EvaluationInterval.Seconds);
            if (double.IsNaN(cleared) || now.Seconds - cleared + Tiny < hold) continue;
            End(m, s, recorder, i, now, $"{m.Rules[l.Rule].Name}'s condition clear for {Duration.FromSeconds(now.Seconds - cleared)}");
        }
    }

    private static void End(NightModel m, NightState s, NightRecorder recorder, int index, Duration now, string why)
    {
        var l = s.Limits[index];
        s.Limits.RemoveAt(index);
        recorder.Incident(now, IncidentKind.Revert, $"{m.Rules[l.Rule].Name}: {l.Resolved.Action.Describe()} ends ({why})");
        ApplyLimits(m, s);
    }

    /// <summary>Puts the limits the held actions set in force: the lowest quality cap, any activation, the highest HPA bounds.</summary>
    private static void ApplyLimits(NightModel m, NightState s)
    {
        var cap = double.PositiveInfinity;
        bool secondary = false, all = false;
        var min = m.OriginHpa.MinReplicas;
        var max = m.OriginHpa.MaxReplicas;
        foreach (var l in s.Limits)
        {
            switch (l.Resolved.Action)
            {
                case CapQuality:
                    cap = Math.Min(cap, l.Resolved.RungBitrate);
                    break;
                case ActivateSecondaryCdn:
                    secondary = true;
                    break;
                case ActivateAllCdns:
                    all = true;
                    break;
                case ScaleOrigins so:
                    min = Math.Max(min, so.Replicas);
                    break;
                case SetHpaMaxReplicas hpa when l.Resolved.Target == ScalingTarget.Origins:
                    max = Math.Max(max, hpa.MaxReplicas);
                    break;
                default:
                    break; // the encoders' ceiling: the fluid model sizes no encoder fleet
            }
        }
        s.QualityCap = cap;
        if (secondary != s.SecondaryActive || all != s.AllActive) s.AnswersDirty = true;
        s.SecondaryActive = secondary;
        s.AllActive = all;
        var spec = s.Origins.Autoscaler.Spec;
        min = Math.Min(min, max);
        if (spec.MinReplicas != min || spec.MaxReplicas != max) s.Origins.Autoscaler.UpdateSpec(spec with { MinReplicas = min, MaxReplicas = max });
    }

    private static bool FailOver(NightModel m, NightState s, Duration now)
    {
        for (var i = 0; i < m.Faults.Length; i++)
        {
            if (m.Faults[i].Kind != FaultKind.OriginRegionLoss || !m.Faults[i].Active(now.Seconds) || s.FailedOver[i]) continue;
            if (s.FailoverTarget[i] < 0) s.FailoverTarget[i] = OriginStep.NextRegion(m, s, m.Faults[i].OriginRegion, now.Seconds);
            s.FailedOver[i] = s.FailoverTarget[i] >= 0;
        }
        return true;
    }
}

/// <summary>A limit a runbook action holds: which rule and action, what it addresses, and when it ends (NaN: when the rule's condition clears).</summary>
internal sealed record HeldLimit(int Rule, int Action, ResolvedAction Resolved, double Until);
