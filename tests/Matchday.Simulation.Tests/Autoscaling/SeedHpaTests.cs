using Matchday.Core.Units;
using Matchday.Simulation.Autoscaling;

namespace Matchday.Simulation.Tests.Autoscaling;

/// <summary>The seed's streaming-hpa driven by load over time, second by second.</summary>
public class SeedHpaTests
{
    private static List<(double Time, int Replicas)> Drive(AutoscaledDeployment d, Func<double, double> load, double seconds)
    {
        var changes = new List<(double, int)>();
        for (var t = 0; t <= seconds; t++)
        {
            var decision = d.Advance(Duration.FromSeconds(t), load(t));
            if (decision is { Rescaled: true }) changes.Add((t, decision.DesiredReplicas));
        }
        return changes;
    }

    [Fact]
    public void A_surge_scales_up_in_50_percent_steps_per_minute_after_the_60s_window()
    {
        // 50 pods at exactly 1000 streams each (all three targets met) until t = 60 s, then 400k streams (a cache fail-open).
        var d = new AutoscaledDeployment(SeedHpa.Spec, SeedHpa.OriginPod, PodLifecycle.Default, 50, Duration.Zero);
        var changes = Drive(d, t => t < 60 ? 50_000 : 400_000, 600);

        // Reconciles every 15 s. The surge is first seen at 60 s; the 60 s scale-up window still holds the 50s
        // recommended at 15, 30, 45 s until 105 s (a sample exactly 60 s old has left the window). Then each step is
        // ceil(1.5 × replicas at the period's start), one per 60 s period: 50 -> 75 -> 113 -> 170 -> 200 (max).
        Assert.Equal([(105.0, 75), (165.0, 113), (225.0, 170), (285.0, 200)], changes);
    }

    [Fact]
    public void A_ramp_is_followed_at_most_50_percent_per_minute()
    {
        // 50k -> 250k streams linearly over 10 minutes.
        var d = new AutoscaledDeployment(SeedHpa.Spec, SeedHpa.OriginPod, PodLifecycle.Default, 50, Duration.Zero);
        var changes = Drive(d, t => 50_000 + 200_000 * Math.Min(1, t / 600.0), 1200);
        Assert.NotEmpty(changes);
        var previous = (Time: 0.0, Replicas: 50);
        var history = new List<(double Time, int Replicas)> { previous };
        foreach (var c in changes)
        {
            Assert.True(c.Replicas > previous.Replicas);
            // Over any 60 s the count never exceeds 1.5 × the count 60 s earlier.
            var before = history.Last(h => h.Time <= c.Time - 60 || h == history[0]);
            Assert.True(c.Replicas <= Math.Ceiling(before.Replicas * 1.5), $"{c} after {before}");
            history.Add(c);
            previous = c;
        }
        Assert.Equal(200, history[^1].Replicas); // 250k streams need 250 pods; max is 200
    }

    [Fact]
    public void After_the_surge_it_scales_down_10_percent_per_minute_after_the_300s_window()
    {
        // 200 pods, 50k streams: memory (762Mi of 2Gi = 37% against 80%) wants the most, 94 pods.
        var d = new AutoscaledDeployment(SeedHpa.Spec, SeedHpa.OriginPod, PodLifecycle.Default, 200, Duration.Zero);
        var changes = Drive(d, _ => 50_000, 500);
        // The first reconcile's count (200, at t = 0) stays in the 300 s window until t = 300 (exclusive);
        // then 10% per 60 s of the count at the period's start, truncated: 180, 162, 145 (trunc 145.8).
        Assert.Equal([(300.0, 180), (360.0, 162), (420.0, 145), (480.0, 130)], changes);
    }

    [Fact]
    public void New_pods_serve_only_after_their_startup_delay()
    {
        var d = new AutoscaledDeployment(SeedHpa.Spec, SeedHpa.OriginPod, new PodLifecycle(Duration.FromSeconds(30), Duration.FromSeconds(30)), 50, Duration.Zero);
        Drive(d, t => t < 60 ? 50_000 : 400_000, 105);
        Assert.Equal(75, d.SpecReplicas);
        Assert.Equal(50, d.ReadyReplicas(Duration.FromSeconds(105)));
        Assert.Equal(50, d.ReadyReplicas(Duration.FromSeconds(164)));
        Assert.Equal(75, d.ReadyReplicas(Duration.FromSeconds(165))); // created at 105, running at 135, ready at 165
        Assert.Equal(75 * 2000, d.Capacity(Duration.FromSeconds(165)));
    }

    [Fact]
    public void Same_inputs_same_decisions()
    {
        static List<(double, int)> Run()
        {
            var d = new AutoscaledDeployment(SeedHpa.Spec, SeedHpa.OriginPod, PodLifecycle.Default, 50, Duration.Zero);
            return Drive(d, t => 50_000 + 150_000 * Math.Abs(Math.Sin(t / 200.0)), 1800);
        }
        Assert.Equal(Run(), Run());
    }
}
