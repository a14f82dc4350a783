namespace Matchday.Simulation.Events;

/// <summary>
/// The token service: arrivals, retries of rejected joins and returning viewers ask for tokens, watching viewers
/// refresh theirs; the service admits min(1, capacity / load) of the joins. Rejected joins retry after a back-off or
/// give up. Admitted joins go to the CDNs the region's current DNS answer names; an admitted retry carries how long the
/// viewer has waited since first pressing play (<see cref="BackoffPool"/>), which its startup includes.
/// </summary>
internal static class AuthStep
{
    /// <summary>Who asks this tick, and what share the service can admit.</summary>
    public static void Ask(NightModel m, NightState s, FaultView faults)
    {
        var b = m.Behaviour;
        var dt = s.Dt;
        var connected = 0.0;
        s.Backoff.Age();
        for (var r = 0; r < m.RegionCount; r++)
        {
            // The retries leave the pool in Admit, once the service's share is known (those rejected again go back with their age).
            var retry = s.Backoff.Total(r) * Fraction(dt / b.RetryDelay.Seconds);
            var back = s.Returning[r] * Fraction(dt / b.ReturnDelay.Seconds);
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
        var leave = Fraction(s.Dt / b.RetryDelay.Seconds);
        var classes = m.NetworkCount;
        var bins = BackoffPool.Bins;
        var retried = s.AdmittedRetries;
        var retriedAge = s.AdmittedRetryAge;
        for (var r = 0; r < m.RegionCount; r++)
        {
            var joined = s.Attempts[r] * s.AuthServed;
            var rejected = s.Attempts[r] - joined;
            s.Rejected += rejected;
            // Retries: the admitted join with the back-off they waited; those rejected again wait on from their age.
            var retry = s.Backoff.Total(r) * leave;
            Array.Clear(retried);
            Array.Clear(retriedAge);
            s.Backoff.Settle(r, leave, s.AuthServed, b.RetryShare.Value, retried, retriedAge);
            // First rejections (new arrivals and returners) start waiting.
            s.Backoff.Add(r, Math.Max(0, s.Attempts[r] - retry) * (1 - s.AuthServed) * b.RetryShare.Value);
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
                if (answer[c] <= 0) continue;
                for (var a = 0; a < bins; a++)
                {
                    if (!(retried[a] > 0)) continue;
                    for (var j = 0; j < classes; j++)
                    {
                        var share = answer[c] * m.NetworkShare[j].Value;
                        s.RetryJoin[(k * classes + j) * bins + a] += retried[a] * share;
                        s.RetryJoinAge[(k * classes + j) * bins + a] += retriedAge[a] * share;
                    }
                    s.Conditions?.Retried(k, s.TickIndex, a, retried[a] * answer[c], retriedAge[a] * answer[c]);
                }
            }
        }
    }

    /// <summary>The share of a population a rate clears in one step: 1 − e^(−x).</summary>
    public static double Fraction(double x) => 1 - Math.Exp(-x);
}
