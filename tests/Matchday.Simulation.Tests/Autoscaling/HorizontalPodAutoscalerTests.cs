using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Autoscaling;

namespace Matchday.Simulation.Tests.Autoscaling;

/// <summary>
/// Whole-reconcile cases of kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go. Its fixture:
/// one pod per reported CPU request, pod i reporting level i in total, Running and Ready, started long ago;
/// <c>recommendations: []</c> in a case means an empty (non-nil) history, which skips the initial recommendation.
/// </summary>
public class HorizontalPodAutoscalerTests
{
    private static readonly Duration Now = Duration.FromHours(10);
    private static readonly Duration LongAgo = Duration.Zero;

    private sealed record Fixture(double[] CpuRequests, long[] Levels, ReadyStatus[]? Readiness = null, PodPhase[]? Phases = null, bool[]? Deleting = null)
    {
        public ImmutableArray<PodStatus> Pods() => [.. CpuRequests.Select((r, i) => new PodStatus(
            $"test-pod-{i}", Phases?[i] ?? PodPhase.Running, Readiness?[i] ?? ReadyStatus.True, LongAgo, LongAgo, Deleting?[i] ?? false,
            ImmutableDictionary<string, long>.Empty.Add("cpu", (long)Math.Round(r * 1000))))];

        public Dictionary<string, PodMetricSample> Samples() =>
            Levels.Select((l, i) => ($"test-pod-{i}", l)).ToDictionary(x => x.Item1, x => new PodMetricSample(x.l, Now, Duration.FromMinutes(1)), StringComparer.Ordinal);
    }

    private static HpaDecision Run(HpaSpec spec, int specReplicas, Fixture f, bool emptyHistory = false, int? statusReplicas = null, FixedMetricsSource? source = null)
    {
        var hpa = new HorizontalPodAutoscaler(spec);
        if (emptyHistory) hpa.SeedRecommendations([]);
        source ??= new FixedMetricsSource();
        source.WithPodMetrics("cpu", f.Samples());
        return hpa.Reconcile(Now, new ScaleTarget(specReplicas, statusReplicas ?? specReplicas, f.Pods()), source);
    }

    private static HpaSpec Cpu(int min, int max, int target, HpaBehavior? behavior = null) =>
        new() { MinReplicas = min, MaxReplicas = max, Metrics = [HpaMetric.ResourceUtilization("cpu", target)], Behavior = behavior };

    private static readonly double[] Ones5 = [1, 1, 1, 1, 1];
    private static readonly long[] DownLevels = [100, 300, 500, 250, 250];

    [Fact] // TestScaleUp
    public void ScaleUp() => Assert.Equal(5, Run(Cpu(2, 6, 30), 3, new([1, 1, 1], [300, 500, 700])).DesiredReplicas);

    [Fact] // TestScaleDown
    public void ScaleDown() => Assert.Equal(3, Run(Cpu(2, 6, 50), 5, new(Ones5, DownLevels), emptyHistory: true).DesiredReplicas);

    [Fact] // TestScaleDown without the empty history: the first reconcile's own count enters the 5-minute window and holds the scale
    public void ScaleDown_is_stabilized_by_the_initial_recommendation()
    {
        var d = Run(Cpu(2, 6, 50), 5, new(Ones5, DownLevels));
        Assert.Equal((5, false, "ScaleDownStabilized"), (d.DesiredReplicas, d.Rescaled, d.Condition));
    }

    [Fact] // TestScaleDownIncludeUnreadyPods
    public void ScaleDown_include_unready_pods() =>
        Assert.Equal(2, Run(Cpu(2, 6, 50), 5, new(Ones5, DownLevels, [ReadyStatus.True, ReadyStatus.True, ReadyStatus.True, ReadyStatus.False, ReadyStatus.False]), emptyHistory: true).DesiredReplicas);

    [Fact] // TestScaleDownIgnoresFailedPods
    public void ScaleDown_ignores_failed_pods() => Assert.Equal(3, Run(Cpu(2, 6, 50), 5,
        new([1, 1, 1, 1, 1, 1, 1], DownLevels,
            [ReadyStatus.True, ReadyStatus.True, ReadyStatus.True, ReadyStatus.True, ReadyStatus.True, ReadyStatus.False, ReadyStatus.False],
            [PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Failed, PodPhase.Failed]),
        emptyHistory: true).DesiredReplicas);

    [Fact] // TestScaleDownIgnoresDeletionPods
    public void ScaleDown_ignores_deletion_pods() => Assert.Equal(3, Run(Cpu(2, 6, 50), 5,
        new([1, 1, 1, 1, 1, 1, 1], DownLevels,
            [ReadyStatus.True, ReadyStatus.True, ReadyStatus.True, ReadyStatus.True, ReadyStatus.True, ReadyStatus.False, ReadyStatus.False],
            Deleting: [false, false, false, false, false, true, true]),
        emptyHistory: true).DesiredReplicas);

    [Fact] // TestScaleDownRCImmediately: spec above maxReplicas goes straight to max
    public void ScaleDown_rc_immediately()
    {
        var d = Run(Cpu(2, 5, 50), 6, new([0.9, 1.0, 1.1], [8000, 9500, 1000]));
        Assert.Equal((5, true), (d.DesiredReplicas, d.Rescaled));
    }

    [Fact] // TestTolerance
    public void Tolerance() => Assert.False(Run(Cpu(1, 5, 100), 3, new([0.9, 1.0, 1.1], [1010, 1030, 1020])).Rescaled);

    [Fact] // TestToleranceCM, TestToleranceCMObject, TestToleranceCMExternal, TestTolerancePerPodCMObject
    public void Tolerance_custom_object_external()
    {
        var pods = new Fixture([0.9, 1.0, 1.1], [20000, 20001, 21000]);
        var cm = new HpaSpec { MinReplicas = 1, MaxReplicas = 5, Metrics = [HpaMetric.PodsAverageValue("qps", 20)] };
        var cmSource = new FixedMetricsSource().WithPodMetrics("qps", pods.Samples());
        Assert.False(new HorizontalPodAutoscaler(cm).Reconcile(Now, new ScaleTarget(3, 3, pods.Pods()), cmSource).Rescaled);

        var obj = new HpaSpec { MinReplicas = 1, MaxReplicas = 5, Metrics = [HpaMetric.Object("qps", HpaTarget.Value(20))] };
        Assert.False(new HorizontalPodAutoscaler(obj).Reconcile(Now, new ScaleTarget(3, 3, pods.Pods()), new FixedMetricsSource().WithObject("qps", 20050)).Rescaled);

        var four = new Fixture([1, 1, 1, 1], [0, 0, 0, 0]).Pods();
        var ext = new HpaSpec { MinReplicas = 2, MaxReplicas = 6, Metrics = [HpaMetric.External("qps", HpaTarget.Value(8.666))] };
        Assert.False(new HorizontalPodAutoscaler(ext).Reconcile(Now, new ScaleTarget(4, 4, four), new FixedMetricsSource().WithExternal("qps", [8600])).Rescaled);

        var perPod = new HpaSpec { MinReplicas = 2, MaxReplicas = 6, Metrics = [HpaMetric.Object("qps", HpaTarget.AverageValue(2.2))] };
        Assert.False(new HorizontalPodAutoscaler(perPod).Reconcile(Now, new ScaleTarget(4, 4, four), new FixedMetricsSource().WithObject("qps", 8600)).Rescaled);
    }

    [Fact] // TestScaleDownPerPodCMExternal: 8.6 in total against 3 per pod -> 3
    public void ScaleDown_per_pod_external()
    {
        var spec = new HpaSpec { MinReplicas = 2, MaxReplicas = 6, Metrics = [HpaMetric.External("qps", HpaTarget.AverageValue(3))] };
        var hpa = new HorizontalPodAutoscaler(spec);
        hpa.SeedRecommendations([]);
        var pods = new Fixture(Ones5, [0, 0, 0, 0, 0]).Pods();
        Assert.Equal(3, hpa.Reconcile(Now, new ScaleTarget(5, 5, pods), new FixedMetricsSource().WithExternal("qps", [8600])).DesiredReplicas);
    }

    [Fact] // TestSuperfluousMetrics: 24 wanted, maxReplicas 6
    public void Superfluous_metrics()
    {
        var d = Run(Cpu(2, 6, 100), 4, new([1, 1, 1, 1], [4000, 9500, 3000, 7000, 3200, 2000]));
        Assert.Equal((6, "TooManyReplicas"), (d.DesiredReplicas, d.Condition));
    }

    [Fact] // TestMissingMetrics
    public void Missing_metrics() => Assert.Equal(3, Run(Cpu(2, 6, 100), 4, new([1, 1, 1, 1], [400, 95]), emptyHistory: true).DesiredReplicas);

    [Fact] // TestEmptyMetrics: no metrics -> no scaling, an error
    public void Empty_metrics()
    {
        var d = Run(Cpu(2, 6, 100), 4, new([1, 1, 1, 1], []));
        Assert.Equal((4, false), (d.DesiredReplicas, d.Rescaled));
        Assert.NotNull(d.Error);
    }

    [Fact] // TestEventCreated: one pod at 100% of 0.2 cores against 50% -> 2
    public void Event_created() => Assert.Equal(2, Run(Cpu(1, 5, 50), 1, new([0.2], [200])).DesiredReplicas);

    [Fact] // TestEventNotCreated
    public void Event_not_created() => Assert.False(Run(Cpu(1, 5, 50), 2, new([0.4, 0.4], [200, 200])).Rescaled);

    [Fact] // TestMissingReports: spec 4 but one pod reports 100% against 50% -> 2
    public void Missing_reports() => Assert.Equal(2, Run(Cpu(1, 5, 50), 4, new([0.2], [200]), emptyHistory: true).DesiredReplicas);

    [Fact] // TestUpscaleCap: 700% per 60 s from 3 -> 24 although metrics want 60
    public void Upscale_cap()
    {
        var behavior = new HpaBehavior(ScaleUp: new HpaScalingRules { StabilizationWindow = Duration.Zero, SelectPolicy = HpaSelectPolicy.Max, Policies = [HpaScalingPolicy.Percent(700, Duration.FromSeconds(60))] });
        var d = Run(Cpu(1, 100, 10, behavior), 3, new([0.1, 0.1, 0.1], [100, 200, 300]));
        Assert.Equal((24, "ScaleUpLimit"), (d.DesiredReplicas, d.Condition));

        // TestUpscaleCapGreaterThanMaxReplicas: the same with maxReplicas 20
        var capped = Run(Cpu(1, 20, 10, behavior), 3, new([0.1, 0.1, 0.1], [100, 200, 300]));
        Assert.Equal((20, "TooManyReplicas"), (capped.DesiredReplicas, capped.Condition));
    }

    [Fact] // TestMoreReplicasThanSpecNoScale: a 25% surge of a rolling update does not count as load
    public void More_replicas_than_spec_no_scale() =>
        Assert.False(Run(Cpu(1, 8, 50), 4, new(Ones5, [500, 500, 500, 500, 500]), statusReplicas: 5).Rescaled);

    [Fact] // TestScaleUpOneMetricEmpty: the external metric fails, CPU alone scales up 3 -> 4
    public void ScaleUp_one_metric_empty()
    {
        var spec = new HpaSpec { MinReplicas = 2, MaxReplicas = 6, Metrics = [HpaMetric.ResourceUtilization("cpu", 30), HpaMetric.External("qps", HpaTarget.Value(0.1))] };
        var d = Run(spec, 3, new([1, 1, 1], [300, 400, 500]));
        Assert.Equal(4, d.DesiredReplicas);
        Assert.NotNull(d.Metrics[1].Proposal.Error);
    }

    [Fact] // TestNoScaleDownOneMetricEmpty (and ...OneMetricInvalid): a failing metric blocks a scale-down the others want
    public void No_scale_down_one_metric_empty()
    {
        var spec = new HpaSpec { MinReplicas = 2, MaxReplicas = 6, Metrics = [HpaMetric.ResourceUtilization("cpu", 50), HpaMetric.External("qps", HpaTarget.Value(1))] };
        var d = Run(spec, 5, new(Ones5, DownLevels), emptyHistory: true);
        Assert.Equal((5, false), (d.DesiredReplicas, d.Rescaled));
        Assert.StartsWith("invalid metrics (1 invalid out of 2)", d.Error, StringComparison.Ordinal);
    }

    [Theory] // reconcileAutoscaler's guard rails: replicas 0 disables scaling; below min -> min; above max -> max
    [InlineData(0, 0, false)]
    [InlineData(2, 3, true)]
    [InlineData(10, 5, true)]
    public void Bounds_outside_metrics(int spec, int expected, bool rescaled)
    {
        var d = Run(Cpu(3, 5, 50), spec, new([1], [500]));
        Assert.Equal((expected, rescaled), (d.DesiredReplicas, d.Rescaled));
    }

    [Fact] // Defaults verified against the source: behavior absent = legacy max(2×current, 4); behavior present but empty = max(+4 pods, +100%) per 15 s
    public void Absent_behavior_and_defaulted_behavior_differ_for_small_counts()
    {
        var hot = new Fixture([1], [10000]); // 1000% of request against 50%
        var legacy = Run(Cpu(1, 100, 50), 1, hot);
        var defaulted = Run(Cpu(1, 100, 50, new HpaBehavior()), 1, hot);
        Assert.Equal((4, "ScaleUpLimit"), (legacy.DesiredReplicas, legacy.Condition));   // max(2 × 1, 4)
        Assert.Equal((5, "ScaleUpLimit"), (defaulted.DesiredReplicas, defaulted.Condition)); // max(1 + 4, ceil(1 × 2))
        var ten = Run(Cpu(1, 100, 50), 10, new(Enumerable.Repeat(1.0, 10).ToArray(), Enumerable.Repeat(10000L, 10).ToArray()));
        Assert.Equal(20, ten.DesiredReplicas); // both give 20 from 10: 2 × 10 = max(10 + 4, 20)
    }
}
