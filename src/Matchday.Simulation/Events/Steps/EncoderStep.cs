using Matchday.Core.Scenarios;

namespace Matchday.Simulation.Events;

/// <summary>
/// The encoders: a failed encoder stops its segments until the backup takes over (the fault's duration, or the
/// takeover time); players hold <see cref="ViewerBehaviour.LiveBufferSegments"/> segments, so they stall only once
/// that buffer has played out. An input's failure costs its share of the inputs; an unnamed one, the whole stream.
/// </summary>
internal static class EncoderStep
{
    public static void Run(NightModel m, NightState s, double t)
    {
        var buffer = m.Request.Behaviour.LiveBufferSegments * m.Scenario.Delivery.SegmentDuration.Seconds;
        var stall = 0.0;
        foreach (var f in m.Faults)
        {
            if (f.Kind != FaultKind.EncoderFailure) continue;
            var gap = f.Spec.For?.Seconds ?? m.Request.EncoderTakeover.Seconds;
            if (t >= f.Start + buffer && t < f.Start + gap) stall = Math.Max(stall, f.Spec.Input is null ? 1 : 1.0 / m.Scenario.Encoding.InputStreams);
        }
        s.EncoderStall = stall;
    }
}
