using Matchday.Core.Scenarios;

namespace Matchday.Simulation.Events;

/// <summary>
/// The encoders: a failed encoder stops its segments until the backup takes over (the fault's duration, or the
/// takeover time). Nothing stalls at once: players play out what they hold (the buffer model in <see cref="EdgeStep"/>).
/// An unnamed failure stops the whole stream; one input's, that input's share of the audience (spread over every edge:
/// a mean-field view of which viewers watch which input).
/// </summary>
internal static class EncoderStep
{
    public static void Run(NightModel m, NightState s, double t)
    {
        var lost = 0.0;
        foreach (var f in m.Faults)
        {
            if (f.Kind != FaultKind.EncoderFailure) continue;
            var gap = f.Spec.For?.Seconds ?? m.Request.EncoderTakeover.Seconds;
            if (t >= f.Start && t < f.Start + gap) lost = Math.Max(lost, f.Spec.Input is null ? 1 : 1.0 / m.Scenario.Encoding.InputStreams);
        }
        s.EncoderDelivery = 1 - lost;
    }
}
