using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Matchday.Core.Units;
using Matchday.Simulation.Autoscaling;
using Matchday.Simulation.Queueing;

namespace Matchday.Benchmarks;

/// <summary>The HPA controller's reconcile (the seed's streaming-hpa: cpu, memory and a Pods metric) and Erlang C.</summary>
[MemoryDiagnoser]
public class HpaBenchmarks
{
    private HorizontalPodAutoscaler _hpa = null!;
    private ScaleTarget _target = null!;
    private FixedMetricsSource _metrics = null!;
    private AutoscaledDeployment _deployment = null!;
    private Duration _now;
    private int _tick;

    /// <summary>Pods behind the HPA.</summary>
    [Params(50, 200)]
    public int Pods { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _hpa = new HorizontalPodAutoscaler(SeedHpa.Spec);
        var requests = SeedHpa.OriginPod.RequestsMilli;
        var pods = Enumerable.Range(0, Pods)
            .Select(i => PodStatus.RunningReady($"pod-{i}", requests, Duration.Zero))
            .ToImmutableArray();
        _target = new ScaleTarget(Pods, Pods, pods);
        var at = Duration.FromHours(1);
        Dictionary<string, PodMetricSample> Samples(Func<int, double> value) => pods
            .Select((p, i) => (p.Name, i))
            .ToDictionary(x => x.Name, x => new PodMetricSample((long)(value(x.i) * 1000), at, Duration.FromSeconds(15)), StringComparer.Ordinal);
        _metrics = new FixedMetricsSource()
            .WithPodMetrics("cpu", Samples(i => 0.6 + 0.001 * i))
            .WithPodMetrics("memory", Samples(i => 1.5e9 + 1e6 * i))
            .WithPodMetrics("concurrent_streams", Samples(i => 900 + i));
        _deployment = new AutoscaledDeployment(SeedHpa.Spec, SeedHpa.OriginPod, PodLifecycle.Default, Math.Max(50, Pods), Duration.Zero);
        _now = Duration.FromHours(1);
    }

    /// <summary>One reconcile: three metrics over all pods, stabilization, policies.</summary>
    [Benchmark]
    public int Reconcile()
    {
        _now += Duration.FromSeconds(15);
        return _hpa.Reconcile(_now, _target, _metrics).DesiredReplicas;
    }

    /// <summary>One sync of a whole deployment: pod statuses, metric samples from load, reconcile, scale.</summary>
    [Benchmark]
    public int DeploymentSync()
    {
        _tick++;
        var load = 50_000 + 40_000 * Math.Sin(_tick / 40.0);
        return _deployment.Advance(Duration.FromSeconds(15 * _tick), load)?.DesiredReplicas ?? 0;
    }
}

/// <summary>Erlang C and the M/M/c p95 at 90% utilization, from a PoP to a whole region's edge fleet.</summary>
[MemoryDiagnoser]
public class ErlangCBenchmarks
{
    /// <summary>Servers (c).</summary>
    [Params(10, 1_000, 100_000)]
    public int Servers { get; set; }

    [Benchmark]
    public double ProbabilityOfWaiting() => ErlangC.ProbabilityOfWaiting(Servers, 0.9 * Servers);

    [Benchmark]
    public double P95ResponseTime() =>
        new MmcModel(Servers, Rate.FromPerSecond(0.9 * Servers * 100), Rate.FromPerSecond(100)).ResponseQuantile(0.95).Seconds;
}
