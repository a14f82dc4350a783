namespace Matchday.Simulation.Events;

/// <summary>
/// The token service: arrivals, retries of rejected joins and returning viewers ask for tokens, watching viewers
/// refresh theirs; the service admits min(1, capacity / load) of the joins. Rejected joins retry after a back-off or
/// give up. Admitted joins go to the CDNs the region's current DNS answer names.
/// </summary>
internal static class AuthStep
{
    /// <summary>Who asks this tick, and what share the service can admit.</summary>
    public static void Ask(NightModel m, NightState s, FaultView faults)
    {
        var b = m.Behaviour;
        var dt = s.Dt;
        var connected = 0.0;
        for (var r = 0; r < m.RegionCount; r++)
        {
            var retry = s.Failed[r] * Fraction(dt / b.RetryDelay.Seconds);
            var back = s.Returning[r] * Fraction(dt / b.ReturnDelay.Seconds);
            s.Failed[r] -= retry;
            s.Returning[r] -= back;
            s.CameBack += back;
            s.Attempts[r] = s.Arrivals[r] + retry + back;
            for (var c = 0; c < m.CdnCount; c++) connected += s.OnCell(r * m.CdnCount + c);
        }
        var services = m.Scenario.Services;
        var attempts = 0.0;
        for (var r = 0; r < m.RegionCount; r++) attempts += s.Attempts[r];
        s.AuthLoad = attempts / dt * services.AuthValidationsPerJoin + connected / services.TokenRefresh.Seconds;
        s.AuthServed = s.AuthLoad > 0 ? Math.Min(1, m.AuthCapacity.PerSecond * faults.AuthFactor / s.AuthLoad) : 1;
    }

    /// <summary>
    /// Admits the joins: the rejected retry or give up, the admitted start joining where DNS sends them. A viewer who
    /// gives up here pressed play and never saw a frame: a join that ended without starting, for the startup objective
    /// and the exported startup metrics alike, as one who gives up while joining is.
    /// </summary>
    public static void Admit(NightModel m, NightState s, NightRecorder recorder, int tick)
    {
        var b = m.Behaviour;
        for (var r = 0; r < m.RegionCount; r++)
        {
            var joined = s.Attempts[r] * s.AuthServed;
            var rejected = s.Attempts[r] - joined;
            s.Rejected += rejected;
            s.Failed[r] += rejected * b.RetryShare.Value;
            var gaveUp = rejected * (1 - b.RetryShare.Value);
            s.GiveUp(r, gaveUp, b);
            s.Admitted += joined;
            if (gaveUp > 0)
            {
                s.TurnedAway += gaveUp;
                s.Startups.Add(double.PositiveInfinity, gaveUp);
                recorder.Metrics?.Joins(tick, double.PositiveInfinity, 0, gaveUp);
            }
            var answer = s.Dns[r].CurrentAnswer;
            for (var c = 0; c < m.CdnCount; c++)
            {
                var k = r * m.CdnCount + c;
                s.AddJoining(k, joined * answer[c], m);
                s.Conditions?.Joined(k, s.TickIndex, joined * answer[c]);
            }
        }
    }

    /// <summary>The share of a population a rate clears in one step: 1 − e^(−x).</summary>
    public static double Fraction(double x) => 1 - Math.Exp(-x);
}
