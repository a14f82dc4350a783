using Matchday.Core.Units;

namespace Matchday.Simulation.Events;

/// <summary>
/// The match, second by second, at full audience scale. A fluid model: per region and edge, viewers are joining,
/// playing, stalled, failed (join rejected, will retry) or abandoned, and they always add up to the demand. Each tick
/// runs the steps below in order over one <see cref="NightState"/>; the recorder keeps the series and the timeline.
/// Deterministic: the only randomness (health-check phases, random faults, sampled players) comes from the seed.
/// Compile a <see cref="NightModel"/> with <see cref="NightSetup.Compile"/> first.
/// </summary>
public static class EventSimulator
{
    /// <summary>Plays the compiled night; <paramref name="progress"/> hears the share done about once a simulated minute.</summary>
    public static EventResult Run(NightModel model, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var state = new NightState(model);
        var faults = new FaultView(model);
        var recorder = new NightRecorder(model);
        foreach (var f in model.Faults) recorder.Incident(Duration.FromSeconds(f.Start), IncidentKind.Fault, f.Spec.ToString());
        AudienceStep.Start(model, state, faults);
        // Progress: the fleet's ticks, then the sampled players (a night's fleet costs about as much as 20,000 sessions).
        var fleetShare = 1 / (1 + model.Request.SampledPlayers / 20_000.0);

        for (var i = 0; i < model.Ticks; i++)
        {
            var t = (i + 1) * state.Dt;
            var now = Duration.FromSeconds(t);
            state.BeginTick();
            state.TickIndex = i;
            faults.Update(t);                                   // which faults are in effect
            AudienceStep.Run(model, state, faults, t);          // demand follows the ramp and surges
            AuthStep.Ask(model, state, faults);                 // joins, retries and returners ask for tokens
            DnsStep.Update(model, state, recorder, t);          // health checks mark edges; answers change
            AuthStep.Admit(model, state, recorder, i);          // admitted joins go where the answer says
            DnsStep.Rebalance(model, state, now);               // clients follow their cached answers
            OriginStep.Run(model, state, faults, recorder, now); // shield fills, fail-open requests, the HPA
            EncoderStep.Run(model, state, t);                   // gaps in the stream once buffers run dry
            EdgeStep.Run(model, state, faults, recorder, i);    // fair shares, rungs, startups, stalls
            recorder.EndTick(state, i, t);                      // conservation and the series
            RunbookStep.Run(model, state, recorder, i, t);      // rules watch the metrics and act late
            if (progress is not null && (i + 1) % 60 == 0) progress.Report(fleetShare * (i + 1) / model.Ticks);
        }
        progress?.Report(fleetShare);

        // The sampled players replay what the fleet recorded, after it: their number changes precision, not the fleet.
        var players = state.Conditions is { } conditions
            ? SampledPlayers.Run(model, conditions, model.Request.SampledPlayers, TurnedAwayShare(state), model.Request.Threads,
                progress is null ? null : new Progress<double>(x => progress.Report(fleetShare + (1 - fleetShare) * x)))
            : null;
        progress?.Report(1);

        var (series, timeline) = recorder.Finish();
        return Verdicts.Summarize(model, state, series, timeline, players);
    }

    /// <summary>The share of the night's ended joins that the token service turned away for good (0 with none).</summary>
    internal static double TurnedAwayShare(NightState s) =>
        s.TurnedAway > 0 ? s.TurnedAway / (s.TurnedAway + s.Admitted) : 0;
}
