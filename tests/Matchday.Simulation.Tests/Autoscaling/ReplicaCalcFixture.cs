using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Autoscaling;

namespace Matchday.Simulation.Tests.Autoscaling;

/// <summary>
/// The fixture of upstream's replica_calculator_test.go (<c>replicaCalcTestCase.prepareTestClientSet</c>) in our terms:
/// pods named test-pod-i, Running and Ready by default, started at Go's zero time ("long ago"), two containers
/// each requesting the given request and each reporting the given level (so pod totals are 2× each), metrics with a
/// one-minute window and the zero timestamp unless set. Test time "now" is 0.
/// </summary>
internal sealed record ReplicaCalcCase
{
    public const int ContainersPerPod = 2;
    public static readonly Duration GoZeroTime = Duration.FromSeconds(-1e10);
    public static readonly Duration Now = Duration.Zero;

    // replica_calculator_test.go: hotCPUCreationTime() = now; coolCPUCreationTime() = now - 3 min.
    public static readonly Duration Hot = Now;
    public static readonly Duration Cool = Now - Duration.FromMinutes(3);

    public int CurrentReplicas { get; init; }
    public ReadyStatus[]? Readiness { get; init; }
    public Duration[]? StartTimes { get; init; }
    public PodPhase[]? Phases { get; init; }
    public bool[]? Deleting { get; init; }
    public double[] RequestsCores { get; init; } = [];
    public long[] Levels { get; init; } = [];
    public string[]? MetricPodNames { get; init; }
    public Duration MetricTimestamp { get; init; } = GoZeroTime;
    public string ResourceName { get; init; } = "cpu";

    public ImmutableArray<PodStatus> Pods()
    {
        var count = Math.Max(CurrentReplicas, Phases?.Length ?? 0);
        var b = ImmutableArray.CreateBuilder<PodStatus>(count);
        for (var i = 0; i < count; i++)
        {
            var requests = i < RequestsCores.Length
                ? ImmutableDictionary<string, long>.Empty.Add(ResourceName, (long)Math.Round(RequestsCores[i] * 1000) * ContainersPerPod)
                : ImmutableDictionary<string, long>.Empty;
            b.Add(new PodStatus(
                $"test-pod-{i}",
                Phases?[i] ?? PodPhase.Running,
                Readiness is not null && i < Readiness.Length ? Readiness[i] : ReadyStatus.True,
                StartTimes?[i] ?? GoZeroTime,
                GoZeroTime, // the fixture leaves the Ready condition's lastTransitionTime unset
                Deleting?[i] ?? false,
                requests));
        }
        return b.MoveToImmutable();
    }

    public Dictionary<string, PodMetricSample> Metrics() => Levels
        .Select((level, i) => (Name: MetricPodNames is not null && i < MetricPodNames.Length ? MetricPodNames[i] : $"test-pod-{i}", level))
        .ToDictionary(x => x.Name, x => new PodMetricSample(x.level * ContainersPerPod, MetricTimestamp, Duration.FromMinutes(1)), StringComparer.Ordinal);

    /// <summary>Custom (Pods) metric levels: one value per pod, not per container.</summary>
    public Dictionary<string, PodMetricSample> CustomMetrics() => Levels
        .Select((level, i) => ($"test-pod-{i}", level))
        .ToDictionary(x => x.Item1, x => new PodMetricSample(x.level, MetricTimestamp, Duration.FromMinutes(1)), StringComparer.Ordinal);

    // replica_calculator_test.go: defaultTestingTolerance = 0.1, CPU initialization period 2 min, initial readiness delay 10 s.
    public static ReplicaCalculator Calculator { get; } = new(Tolerances.Both(0.1), Duration.FromMinutes(2), Duration.FromSeconds(10));

    public ReplicaProposal Resource(int targetUtilization) =>
        Calculator.ResourceUtilization(CurrentReplicas, targetUtilization, ResourceName, Pods(), Metrics(), Now);

    public ReplicaProposal PodsMetric(long targetMilli) =>
        Calculator.PlainMetric(CurrentReplicas, targetMilli, "", false, Pods(), CustomMetrics(), Now);
}
