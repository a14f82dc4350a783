using Matchday.Simulation.Autoscaling;
using static Matchday.Simulation.Autoscaling.ReadyStatus;

namespace Matchday.Simulation.Tests.Autoscaling;

/// <summary>Cases of kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator_test.go, one per upstream test function.</summary>
public class ReplicaCalculatorTests
{
    private static readonly double[] Ones3 = [1.0, 1.0, 1.0];
    private static readonly double[] Ones5 = [1.0, 1.0, 1.0, 1.0, 1.0];

    private static void AssertResource(ReplicaProposal p, int replicas, long utilization, long rawValue)
    {
        Assert.Null(p.Error);
        Assert.Equal(replicas, p.Replicas);
        Assert.Equal(utilization, p.Utilization);
        Assert.Equal(rawValue, p.Usage);
    }

    [Fact] // TestReplicaCalcDisjointResourcesMetrics
    public void Disjoint_resources_and_metrics_is_an_error()
    {
        var p = new ReplicaCalcCase { CurrentReplicas = 1, RequestsCores = [1.0], Levels = [100], MetricPodNames = ["an-older-pod-name"] }.Resource(100);
        Assert.Equal("no metrics returned matched known pods", p.Error);
    }

    [Fact] // TestReplicaCalcScaleUp: 300,500,700 of 1000m at 30% -> utilization 50% -> ceil(3 × 50/30) = 5
    public void ScaleUp() =>
        AssertResource(new ReplicaCalcCase { CurrentReplicas = 3, RequestsCores = Ones3, Levels = [300, 500, 700] }.Resource(30), 5, 50, 2 * 500);

    [Fact] // TestReplicaCalcScaleUpUnreadyLessScale: the unready pod's 300 is dropped and counted as 0 -> 4
    public void ScaleUp_unready_less_scale() =>
        AssertResource(new ReplicaCalcCase { CurrentReplicas = 3, Readiness = [False, True, True], RequestsCores = Ones3, Levels = [300, 500, 700] }.Resource(30), 4, 60, 2 * 600);

    [Fact] // TestReplicaCalcScaleUpHotCpuLessScale
    public void ScaleUp_hot_cpu_less_scale() =>
        AssertResource(new ReplicaCalcCase
        {
            CurrentReplicas = 3,
            StartTimes = [ReplicaCalcCase.Hot, ReplicaCalcCase.Cool, ReplicaCalcCase.Cool],
            RequestsCores = Ones3,
            Levels = [300, 500, 700],
        }.Resource(30), 4, 60, 2 * 600);

    [Fact] // TestReplicaCalcScaleUpUnreadyNoScale: 40% on the one ready pod, the two unready at 0 -> ratio back under 1 -> keep 3
    public void ScaleUp_unready_no_scale() =>
        AssertResource(new ReplicaCalcCase { CurrentReplicas = 3, Readiness = [True, False, False], RequestsCores = Ones3, Levels = [400, 500, 700] }.Resource(30), 3, 40, 2 * 400);

    [Fact] // TestReplicaCalcScaleHotCpuNoScale
    public void Scale_hot_cpu_no_scale() =>
        AssertResource(new ReplicaCalcCase
        {
            CurrentReplicas = 3,
            Readiness = [True, False, False],
            StartTimes = [ReplicaCalcCase.Cool, ReplicaCalcCase.Hot, ReplicaCalcCase.Hot],
            RequestsCores = Ones3,
            Levels = [400, 500, 700],
        }.Resource(30), 3, 40, 2 * 400);

    [Fact] // TestReplicaCalcScaleUpIgnoresFailedPods
    public void ScaleUp_ignores_failed_pods() =>
        AssertResource(new ReplicaCalcCase
        {
            CurrentReplicas = 2,
            Readiness = [True, True, False, False],
            Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Failed, PodPhase.Failed],
            RequestsCores = [1.0, 1.0, 1.0, 1.0],
            Levels = [500, 700],
        }.Resource(30), 4, 60, 2 * 600);

    [Fact] // TestReplicaCalcScaleUpIgnoresDeletionPods
    public void ScaleUp_ignores_deletion_pods() =>
        AssertResource(new ReplicaCalcCase
        {
            CurrentReplicas = 2,
            Readiness = [True, True, False, False],
            Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running],
            Deleting = [false, false, true, true],
            RequestsCores = [1.0, 1.0, 1.0, 1.0],
            Levels = [500, 700],
        }.Resource(30), 4, 60, 2 * 600);

    [Fact] // TestReplicaCalcScaleUpCM: qps 20,10,30 (avg 20) against 15 -> ceil(3 × 1.333) = 4
    public void ScaleUp_custom_metric()
    {
        var p = new ReplicaCalcCase { CurrentReplicas = 3, Levels = [20000, 10000, 30000] }.PodsMetric(15000);
        Assert.Equal((4, 20000L), (p.Replicas, p.Usage));
    }

    [Fact] // TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale: readiness only matters for CPU -> all three count -> 6
    public void ScaleUp_custom_metric_unready_hot_cpu_no_less_scale()
    {
        var p = new ReplicaCalcCase
        {
            CurrentReplicas = 3,
            Readiness = [True, True, False],
            StartTimes = [ReplicaCalcCase.Cool, ReplicaCalcCase.Cool, ReplicaCalcCase.Hot],
            Levels = [50000, 10000, 30000],
        }.PodsMetric(15000);
        Assert.Equal((6, 30000L), (p.Replicas, p.Usage));
    }

    [Fact] // TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown: avg 31666 (integer) -> ceil(3 × 2.111) = 7
    public void ScaleUp_custom_metric_unready_hot_cpu_scale_would_scale_down()
    {
        var p = new ReplicaCalcCase
        {
            CurrentReplicas = 3,
            Readiness = [False, True, False],
            StartTimes = [ReplicaCalcCase.Hot, ReplicaCalcCase.Cool, ReplicaCalcCase.Hot],
            Levels = [50000, 15000, 30000],
        }.PodsMetric(15000);
        Assert.Equal((7, 31666L), (p.Replicas, p.Usage));
    }

    [Fact] // TestReplicaCalcScaleUpCMObject
    public void ScaleUp_object_metric()
    {
        var c = new ReplicaCalcCase { CurrentReplicas = 3 };
        var p = ReplicaCalcCase.Calculator.TotalValue(3, 20000, 15000, c.Pods());
        Assert.Equal((4, 20000L), (p.Replicas, p.Usage));
    }

    [Fact] // TestReplicaCalcScaleUpCMPerPodObject: 20 over 3 pods = 6.667 each against 5 -> ceil(20/5) = 4
    public void ScaleUp_per_pod_object_metric()
    {
        var p = ReplicaCalcCase.Calculator.AverageOfTotal(3, 20000, 5000);
        Assert.Equal((4, 6667L), (p.Replicas, p.Usage));
    }

    [Fact] // TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods: 50/10 × 1 ready pod = 5 (15 if unready pods counted)
    public void ScaleUp_object_metric_ignores_unready_pods()
    {
        var c = new ReplicaCalcCase { CurrentReplicas = 3, Readiness = [False, True, False] };
        Assert.Equal(5, ReplicaCalcCase.Calculator.TotalValue(3, 50000, 10000, c.Pods()).Replicas);
    }

    [Fact] // TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods: 8.6/4.4 × 1 ready pod -> 2 (6 if unready counted)
    public void ScaleUp_external_metric_ignores_unready_pods()
    {
        var c = new ReplicaCalcCase { CurrentReplicas = 3, Readiness = [False, True, False] };
        Assert.Equal(2, ReplicaCalcCase.Calculator.TotalValue(3, 8600, 4400, c.Pods()).Replicas);
    }

    [Fact] // TestReplicaCalcExternalMetricUsageOverflow: two values whose int64 sum overflows; the usage saturates -> 3 (it wrapped negative and gave 1)
    public void External_metric_usage_saturates_instead_of_overflowing()
    {
        long[] levels = [long.MaxValue / 2 + 1, long.MaxValue / 2 + 1];
        var usage = ReplicaCalculator.ExternalUsage(levels);
        Assert.Equal(long.MaxValue, usage);
        var c = new ReplicaCalcCase { CurrentReplicas = 3 };
        var p = ReplicaCalcCase.Calculator.TotalValue(3, usage, long.MaxValue, c.Pods());
        Assert.Equal((3, long.MaxValue), (p.Replicas, p.Usage));
        Assert.Equal(long.MaxValue, ReplicaCalculator.ExternalPerPodUsage(levels));
        Assert.Equal(-5, ReplicaCalculator.ExternalUsage([5, -10]));
    }

    [Fact] // GetExternalPerPodMetricReplicas keeps the replica count within int32 and the per-pod usage at MaxInt64.
    public void Per_pod_external_metric_saturates()
    {
        var p = ReplicaCalcCase.Calculator.AverageOfTotal(3, long.MaxValue, 1);
        Assert.Equal((int.MaxValue, long.MaxValue), (p.Replicas, p.Usage));
    }

    [Fact] // TestReplicaCalcScaleUpPerPodCMExternal
    public void ScaleUp_per_pod_external_metric()
    {
        var p = ReplicaCalcCase.Calculator.AverageOfTotal(3, 8600, 2150);
        Assert.Equal((4, 2867L), (p.Replicas, p.Usage));
    }

    [Fact] // TestReplicaCalcScaleDown: (100+300+500+250+250)/5000 = 28% against 50% -> ceil(5 × 0.56) = 3
    public void ScaleDown() =>
        AssertResource(new ReplicaCalcCase { CurrentReplicas = 5, RequestsCores = Ones5, Levels = [100, 300, 500, 250, 250] }.Resource(50), 3, 28, 2 * 280);

    [Fact] // TestReplicaCalcScaleDownCM
    public void ScaleDown_custom_metric()
    {
        var p = new ReplicaCalcCase { CurrentReplicas = 5, Levels = [12000, 12000, 12000, 12000, 12000] }.PodsMetric(20000);
        Assert.Equal((3, 12000L), (p.Replicas, p.Usage));
    }

    [Fact] // TestReplicaCalcScaleDownPerPodCMObject
    public void ScaleDown_per_pod_object_metric()
    {
        var p = ReplicaCalcCase.Calculator.AverageOfTotal(5, 6000, 2000);
        Assert.Equal((3, 1200L), (p.Replicas, p.Usage));
    }

    [Fact] // TestReplicaCalcScaleDownCMExternal
    public void ScaleDown_external_metric()
    {
        var c = new ReplicaCalcCase { CurrentReplicas = 5 };
        Assert.Equal(3, ReplicaCalcCase.Calculator.TotalValue(5, 8600, 14334, c.Pods()).Replicas);
    }

    [Fact] // TestReplicaCalcScaleDownExcludeUnreadyPods: only the 3 ready pods: 900/3000 = 30% -> ceil(3 × 0.6) = 2
    public void ScaleDown_excludes_unready_pods() =>
        AssertResource(new ReplicaCalcCase
        {
            CurrentReplicas = 5,
            Readiness = [True, True, True, False, False],
            RequestsCores = Ones5,
            Levels = [100, 300, 500, 250, 250],
        }.Resource(50), 2, 30, 2 * 300);

    [Fact] // TestReplicaCalcScaleDownExcludeUnscheduledPods
    public void ScaleDown_excludes_unscheduled_pods() =>
        AssertResource(new ReplicaCalcCase
        {
            CurrentReplicas = 5,
            Readiness = [True, False, False, False, False],
            Phases = [PodPhase.Running, PodPhase.Pending, PodPhase.Pending, PodPhase.Pending, PodPhase.Pending],
            RequestsCores = Ones5,
            Levels = [100],
        }.Resource(50), 1, 10, 2 * 100);

    [Fact] // TestReplicaCalcScaleDownIgnoreHotCpuPods
    public void ScaleDown_ignores_hot_cpu_pods() =>
        AssertResource(new ReplicaCalcCase
        {
            CurrentReplicas = 5,
            StartTimes = [ReplicaCalcCase.Cool, ReplicaCalcCase.Cool, ReplicaCalcCase.Cool, ReplicaCalcCase.Hot, ReplicaCalcCase.Hot],
            RequestsCores = Ones5,
            Levels = [100, 300, 500, 250, 250],
        }.Resource(50), 2, 30, 2 * 300);

    [Fact] // TestReplicaCalcScaleDownIgnoresFailedPods
    public void ScaleDown_ignores_failed_pods() =>
        AssertResource(new ReplicaCalcCase
        {
            CurrentReplicas = 5,
            Readiness = [True, True, True, True, True, False, False],
            Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Failed, PodPhase.Failed],
            RequestsCores = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
            Levels = [100, 300, 500, 250, 250],
        }.Resource(50), 3, 28, 2 * 280);

    [Fact] // TestReplicaCalcScaleDownIgnoresDeletionPods
    public void ScaleDown_ignores_deletion_pods() =>
        AssertResource(new ReplicaCalcCase
        {
            CurrentReplicas = 5,
            Readiness = [True, True, True, True, True, False, False],
            Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running],
            Deleting = [false, false, false, false, false, true, true],
            RequestsCores = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
            Levels = [100, 300, 500, 250, 250],
        }.Resource(50), 3, 28, 2 * 280);

    [Fact] // TestReplicaCalcTolerance: 102% against 100% is inside the 10% tolerance
    public void Tolerance() =>
        AssertResource(new ReplicaCalcCase { CurrentReplicas = 3, RequestsCores = [0.9, 1.0, 1.1], Levels = [1010, 1030, 1020] }.Resource(100), 3, 102, 2 * 1020);

    [Fact] // TestReplicaCalcToleranceCM
    public void Tolerance_custom_metric()
    {
        var p = new ReplicaCalcCase { CurrentReplicas = 3, Levels = [20000, 21000, 21000] }.PodsMetric(20000);
        Assert.Equal((3, 20666L), (p.Replicas, p.Usage));
    }

    [Fact] // TestReplicaCalcToleranceCMObject
    public void Tolerance_object_metric()
    {
        var c = new ReplicaCalcCase { CurrentReplicas = 3 };
        Assert.Equal(3, ReplicaCalcCase.Calculator.TotalValue(3, 20666, 20000, c.Pods()).Replicas);
    }

    [Fact] // TestReplicaCalcTolerancePerPodCMObject
    public void Tolerance_per_pod_object_metric()
    {
        var p = ReplicaCalcCase.Calculator.AverageOfTotal(4, 20166, 5000);
        Assert.Equal((4, 5042L), (p.Replicas, p.Usage));
    }

    [Fact] // TestReplicaCalcToleranceCMExternal and TestReplicaCalcTolerancePerPodCMExternal
    public void Tolerance_external_metrics()
    {
        var c = new ReplicaCalcCase { CurrentReplicas = 3 };
        Assert.Equal(3, ReplicaCalcCase.Calculator.TotalValue(3, 8600, 8888, c.Pods()).Replicas);
        var p = ReplicaCalcCase.Calculator.AverageOfTotal(3, 8600, 2900);
        Assert.Equal((3, 2867L), (p.Replicas, p.Usage));
    }

    [Fact] // TestReplicaCalcSuperfluousMetrics: metrics for 6 pods, 4 listed: 47000/8000 = 587% -> ceil(4 × 5.87) = 24
    public void Superfluous_metrics() =>
        AssertResource(new ReplicaCalcCase { CurrentReplicas = 4, RequestsCores = [1.0, 1.0, 1.0, 1.0], Levels = [4000, 9500, 3000, 7000, 3200, 2000] }.Resource(100), 24, 587, 2 * 5875);

    [Fact] // TestReplicaCalcMissingMetrics: 2 of 4 pods report 24%; on a scale-down the 2 missing count at 100% -> 62% -> 3
    public void Missing_metrics() =>
        AssertResource(new ReplicaCalcCase { CurrentReplicas = 4, RequestsCores = [1.0, 1.0, 1.0, 1.0], Levels = [400, 95] }.Resource(100), 3, 24, 495);

    [Fact] // TestReplicaCalcEmptyMetrics
    public void Empty_metrics_is_an_error()
    {
        var p = new ReplicaCalcCase { CurrentReplicas = 4, RequestsCores = Ones3, Levels = [] }.Resource(100);
        Assert.Equal("unable to get metrics for resource cpu: no metrics returned from resource metrics API", p.Error);
    }

    [Fact] // TestReplicaCalcEmptyCPURequest
    public void Empty_cpu_request_is_an_error()
    {
        var p = new ReplicaCalcCase { CurrentReplicas = 1, RequestsCores = [], Levels = [200] }.Resource(100);
        Assert.StartsWith("missing request for", p.Error, StringComparison.Ordinal);
    }

    [Fact] // TestPlainMetricReplicaCalcMissingMetricsNoChangeEq
    public void Plain_metric_missing_metrics_no_change_eq()
    {
        var p = new ReplicaCalcCase { CurrentReplicas = 5, Levels = [20000, 19000, 21000] }.PodsMetric(20000);
        Assert.Equal((5, 20000L), (p.Replicas, p.Usage));
    }

    [Theory] // TestReplicaCalcMissingMetricsNoChangeEq, ...NoChangeGt, ...NoChangeLt
    [InlineData(1000, 100)]
    [InlineData(1900, 190)]
    [InlineData(600, 60)]
    public void Missing_metrics_no_change(long level, long utilization) =>
        AssertResource(new ReplicaCalcCase { CurrentReplicas = 2, RequestsCores = [1.0, 1.0], Levels = [level] }.Resource(100), 2, utilization, 2 * level);

    [Fact] // TestReplicaCalcMissingMetricsUnreadyChange: the missing pod at 100% would flip the direction -> keep 3
    public void Missing_metrics_unready_change() =>
        AssertResource(new ReplicaCalcCase { CurrentReplicas = 3, Readiness = [False, True, True], RequestsCores = Ones3, Levels = [100, 450] }.Resource(50), 3, 45, 2 * 450);

    [Fact] // TestReplicaCalcMissingMetricsHotCpuNoChange
    public void Missing_metrics_hot_cpu_no_change() =>
        AssertResource(new ReplicaCalcCase
        {
            CurrentReplicas = 3,
            StartTimes = [ReplicaCalcCase.Hot, ReplicaCalcCase.Cool, ReplicaCalcCase.Cool],
            RequestsCores = Ones3,
            Levels = [100, 450],
        }.Resource(50), 3, 45, 2 * 450);

    [Fact] // TestReplicaCalcMissingMetricsUnreadyScaleUp: unready and missing at 0% -> 4000/6000 = 66% -> ceil(3 × 1.32) = 4
    public void Missing_metrics_unready_scale_up() =>
        AssertResource(new ReplicaCalcCase { CurrentReplicas = 3, Readiness = [False, True, True], RequestsCores = Ones3, Levels = [100, 2000] }.Resource(50), 4, 200, 2 * 2000);

    [Fact] // TestReplicaCalcMissingMetricsHotCpuScaleUp
    public void Missing_metrics_hot_cpu_scale_up() =>
        AssertResource(new ReplicaCalcCase
        {
            CurrentReplicas = 3,
            Readiness = [False, True, True],
            StartTimes = [ReplicaCalcCase.Hot, ReplicaCalcCase.Cool, ReplicaCalcCase.Cool],
            RequestsCores = Ones3,
            Levels = [100, 2000],
        }.Resource(50), 4, 200, 2 * 2000);

    [Fact] // TestReplicaCalcMissingMetricsUnreadyScaleDown
    public void Missing_metrics_unready_scale_down() =>
        AssertResource(new ReplicaCalcCase { CurrentReplicas = 4, Readiness = [False, True, True, True], RequestsCores = [1.0, 1.0, 1.0, 1.0], Levels = [100, 100, 100] }.Resource(50), 3, 10, 2 * 100);

    [Fact] // TestReplicaCalcMissingMetricsScaleDownTargetOver100: missing pod counted at the 300% target, not 100%
    public void Missing_metrics_scale_down_target_over_100() =>
        AssertResource(new ReplicaCalcCase { CurrentReplicas = 4, Readiness = [False, True, True, True], RequestsCores = [1.0, 1.0, 2.0, 2.0], Levels = [200, 100, 100] }.Resource(300), 2, 6, 2 * 100);

    [Fact] // TestReplicaCalcDuringRollingUpdateWithMaxSurge
    public void During_rolling_update_with_max_surge() =>
        AssertResource(new ReplicaCalcCase
        {
            CurrentReplicas = 2,
            Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running],
            RequestsCores = Ones3,
            Levels = [100, 100],
        }.Resource(50), 2, 10, 2 * 100);

    [Fact] // TestReplicaCalcDuringRollingUpdateWithMaxSurgeCM
    public void During_rolling_update_with_max_surge_custom_metric()
    {
        var p = new ReplicaCalcCase { CurrentReplicas = 2, Phases = [PodPhase.Running, PodPhase.Running, PodPhase.Running], Levels = [10000, 10000] }.PodsMetric(17000);
        Assert.Equal((2, 10000L), (p.Replicas, p.Usage));
    }

    [Fact] // TestReplicaCalcComputedToleranceAlgImplementation
    public void Computed_tolerance_alg_implementation()
    {
        // 10 pods using 150m of ~300m requested (50%): target = 1/(2 × 0.9) + 0.01 = 0.5656 -> 56% ->
        // 50/56 = 0.893 is outside the tolerance -> ceil(10 × 0.893) = 9. With + 0.004: 55% -> 0.909, inside -> 10.
        double[] requests = [0.4, 0.2, 0.31, 0.29, 0.302, 0.298, 0.301, 0.299, 0.3, 0.3];
        long[] levels = [150, 150, 150, 150, 150, 150, 150, 150, 150, 150];
        var c = new ReplicaCalcCase { CurrentReplicas = 10, RequestsCores = requests, Levels = levels };
        AssertResource(c.Resource(56), 9, 50, 2 * 150);
        AssertResource(c.Resource(55), 10, 50, 2 * 150);
    }
}
