using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Autoscaling;

/// <summary>The scale subresource the controller reads: the Deployment's desired and actual replicas, and its pods.</summary>
/// <param name="SpecReplicas"><c>scale.spec.replicas</c>: the count last set.</param>
/// <param name="StatusReplicas"><c>scale.status.replicas</c>: the pods that exist.</param>
/// <param name="Pods">The pods selected by the target's selector.</param>
internal sealed record ScaleTarget(int SpecReplicas, int StatusReplicas, IReadOnlyList<PodStatus> Pods);

/// <summary>One metric's outcome at a reconcile.</summary>
internal sealed record MetricOutcome(HpaMetric Metric, ReplicaProposal Proposal);

/// <summary>What one reconcile decided.</summary>
/// <param name="Time">When it ran.</param>
/// <param name="CurrentReplicas">The spec replicas it found.</param>
/// <param name="DesiredReplicas">The replicas it set (equal to current when it did not scale).</param>
/// <param name="MetricDesiredReplicas">The maximum over valid metric proposals, before stabilization and limits; −1 when none.</param>
/// <param name="Rescaled">Whether it changed the scale.</param>
/// <param name="Condition">The <c>ScalingLimited</c>/<c>AbleToScale</c> reason upstream would set (e.g. <c>ScaleUpLimit</c>).</param>
/// <param name="Metrics">Each metric's proposal or error.</param>
/// <param name="Error">Why the reconcile could not compute a count, if it could not.</param>
internal sealed record HpaDecision(Duration Time, int CurrentReplicas, int DesiredReplicas, int MetricDesiredReplicas, bool Rescaled,
    string Condition, ImmutableArray<MetricOutcome> Metrics, string? Error);

/// <summary>
/// One HorizontalPodAutoscaler and the controller state kept for it (recommendation history, scale-up and
/// scale-down events): a port of <c>reconcileAutoscaler</c> in <c>pkg/controller/podautoscaler/horizontal.go</c>.
/// Call <see cref="Reconcile"/> once per sync period (15 s by default); it does not keep time itself.
/// </summary>
/// <remarks>
/// Simplified: status conditions are reported as one reason string; events, the selector-overlap check and API
/// errors other than metric failures are not modelled; ContainerResource metrics are not supported.
/// </remarks>
internal sealed class HorizontalPodAutoscaler
{
    private ReplicaCalculator _calculator;
    private readonly List<TimestampedRecommendation> _recommendations = [];
    private readonly List<TimestampedScaleEvent> _scaleUpEvents = [];
    private readonly List<TimestampedScaleEvent> _scaleDownEvents = [];
    private HpaScalingRules? _scaleUp;
    private HpaScalingRules? _scaleDown;
    private bool _initialRecorded;

    /// <summary>An autoscaler for <paramref name="spec"/> under the controller's <paramref name="options"/>.</summary>
    public HorizontalPodAutoscaler(HpaSpec spec, HpaControllerOptions? options = null)
    {
        Options = options ?? HpaControllerOptions.Default;
        (Spec, _scaleUp, _scaleDown, _calculator) = Prepare(spec, Options);
    }

    /// <summary>
    /// Replaces the spec (a <c>kubectl patch hpa</c>), keeping the controller's history for this HPA as upstream does.
    /// </summary>
    public void UpdateSpec(HpaSpec spec) => (Spec, _scaleUp, _scaleDown, _calculator) = Prepare(spec, Options);

    private static (HpaSpec, HpaScalingRules?, HpaScalingRules?, ReplicaCalculator) Prepare(HpaSpec spec, HpaControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.MaxReplicas < 1 || spec.MinReplicas < 0 || spec.MinReplicas > spec.MaxReplicas)
            throw new ArgumentException($"replica bounds must satisfy 0 <= minReplicas ({spec.MinReplicas}) <= maxReplicas ({spec.MaxReplicas}), maxReplicas >= 1", nameof(spec));
        if (spec.Behavior is not { } b) return (spec, null, null, new ReplicaCalculator(options));

        // API defaulting (SetDefaults_HorizontalPodAutoscalerBehavior), then maybeInitScaleDownStabilizationWindow.
        var up = HpaDefaults.CompleteScaleUp(b.ScaleUp);
        var down = HpaDefaults.CompleteScaleDown(b.ScaleDown);
        if (down.StabilizationWindow is null) down = down with { StabilizationWindow = options.DownscaleStabilizationWindow };
        var calculator = new ReplicaCalculator(new Tolerances(down.Tolerance ?? options.Tolerance, up.Tolerance ?? options.Tolerance),
            options.CpuInitializationPeriod, options.InitialReadinessDelay);
        return (spec, up, down, calculator);
    }

    /// <summary>The spec.</summary>
    public HpaSpec Spec { get; private set; }

    /// <summary>The controller flags.</summary>
    public HpaControllerOptions Options { get; }

    /// <summary>The effective scale-up rules after API defaulting (null on the legacy path).</summary>
    public HpaScalingRules? EffectiveScaleUp => _scaleUp;

    /// <summary>The effective scale-down rules after API defaulting (null on the legacy path).</summary>
    public HpaScalingRules? EffectiveScaleDown => _scaleDown;

    internal List<TimestampedRecommendation> Recommendations => _recommendations;

    /// <summary>Presets the recommendation history, as upstream's tests do (a non-nil history skips recordInitialRecommendation).</summary>
    internal void SeedRecommendations(IEnumerable<TimestampedRecommendation> history)
    {
        _recommendations.Clear();
        _recommendations.AddRange(history);
        _initialRecorded = true;
    }

    internal List<TimestampedScaleEvent> ScaleUpEvents => _scaleUpEvents;

    internal List<TimestampedScaleEvent> ScaleDownEvents => _scaleDownEvents;

    /// <summary>One pass of <c>reconcileAutoscaler</c> at time <paramref name="now"/>.</summary>
    public HpaDecision Reconcile(Duration now, ScaleTarget target, IHpaMetricsSource metrics)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(metrics);
        var currentReplicas = target.SpecReplicas;
        if (!_initialRecorded)
        {
            // recordInitialRecommendation: the count found at the first reconcile enters the history.
            _recommendations.Add(new TimestampedRecommendation(currentReplicas, now));
            _initialRecorded = true;
        }

        var minReplicas = Spec.MinReplicas;
        int desired;
        var metricDesired = -1;
        var outcomes = ImmutableArray<MetricOutcome>.Empty;
        string condition;

        if (currentReplicas == 0 && minReplicas != 0)
        {
            return new HpaDecision(now, 0, 0, -1, false, "ScalingDisabled", outcomes, null);
        }
        else if (currentReplicas > Spec.MaxReplicas)
        {
            desired = Spec.MaxReplicas;
            condition = "TooManyReplicas";
        }
        else if (currentReplicas < minReplicas)
        {
            desired = minReplicas;
            condition = "TooFewReplicas";
        }
        else
        {
            (metricDesired, outcomes, var error) = ComputeReplicasForMetrics(now, target, metrics);
            if (metricDesired == -1)
                return new HpaDecision(now, currentReplicas, currentReplicas, -1, false, "FailedGetMetrics", outcomes, error);
            desired = Math.Max(0, metricDesired);
            (desired, condition) = _scaleUp is null
                ? NormalizeLegacy(currentReplicas, desired, minReplicas, now)
                : NormalizeWithBehaviors(currentReplicas, desired, minReplicas, now);
        }

        var rescale = desired != currentReplicas;
        if (rescale && _scaleUp is not null && _scaleDown is not null)
        {
            // storeScaleEvent: only kept when behavior is set (the legacy path never reads them).
            if (desired > currentReplicas) HpaNormalization.StoreScaleEvent(_scaleUpEvents, _scaleUp, desired - currentReplicas, now);
            else HpaNormalization.StoreScaleEvent(_scaleDownEvents, _scaleDown, currentReplicas - desired, now);
        }
        return new HpaDecision(now, currentReplicas, rescale ? desired : currentReplicas, metricDesired, rescale, condition, outcomes, null);
    }

    private (int Replicas, string Condition) NormalizeLegacy(int current, int prenormalized, int minReplicas, Duration now)
    {
        var stabilized = HpaNormalization.StabilizeRecommendation(_recommendations, prenormalized, Options.DownscaleStabilizationWindow, now);
        var (replicas, condition) = HpaNormalization.ConvertDesiredReplicasWithRules(current, stabilized, minReplicas, Spec.MaxReplicas);
        if (replicas == stabilized && stabilized != prenormalized) condition = "ScaleDownStabilized";
        return (replicas, condition);
    }

    private (int Replicas, string Condition) NormalizeWithBehaviors(int current, int prenormalized, int minReplicas, Duration now)
    {
        var up = _scaleUp!;
        var down = _scaleDown!;
        var (stabilized, stabilizedReason) = HpaNormalization.StabilizeRecommendationWithBehaviors(_recommendations, current, prenormalized,
            up.StabilizationWindow ?? Duration.Zero, down.StabilizationWindow ?? Options.DownscaleStabilizationWindow, now);
        var (replicas, condition) = HpaNormalization.ConvertDesiredReplicasWithBehaviorRate(current, stabilized, minReplicas, Spec.MaxReplicas,
            up, down, _scaleUpEvents, _scaleDownEvents, now);
        if (replicas == stabilized && stabilized != prenormalized) condition = stabilizedReason;
        return (replicas, condition);
    }

    /// <summary><c>computeReplicasForMetrics</c>: the maximum over valid metrics; −1 if all are invalid, or if some are and the rest would scale down.</summary>
    private (int Replicas, ImmutableArray<MetricOutcome> Outcomes, string? Error) ComputeReplicasForMetrics(Duration now, ScaleTarget target, IHpaMetricsSource metrics)
    {
        var builder = ImmutableArray.CreateBuilder<MetricOutcome>(Spec.Metrics.Length);
        var replicas = 0;
        var invalid = 0;
        string? firstError = null;
        foreach (var metric in Spec.Metrics)
        {
            var proposal = ComputeReplicasForMetric(metric, now, target, metrics);
            builder.Add(new MetricOutcome(metric, proposal));
            if (!proposal.Ok)
            {
                invalid++;
                firstError ??= proposal.Error;
                continue;
            }
            if (replicas == 0 || proposal.Replicas > replicas) replicas = proposal.Replicas;
        }
        var outcomes = builder.MoveToImmutable();
        var error = firstError is null ? null : $"invalid metrics ({invalid} invalid out of {Spec.Metrics.Length}), first error is: {firstError}";
        if (invalid >= Spec.Metrics.Length || (invalid > 0 && replicas < target.SpecReplicas)) return (-1, outcomes, error);
        return (replicas, outcomes, error);
    }

    private ReplicaProposal ComputeReplicasForMetric(HpaMetric metric, Duration now, ScaleTarget target, IHpaMetricsSource metrics)
    {
        switch (metric.Source)
        {
            case HpaMetricSource.Resource:
            {
                // The resource metrics API answers with nothing for an empty pod list; the calculator words that error.
                var samples = metrics.PodMetrics(metric);
                if (samples is null) return ReplicaProposal.Fail($"unable to get metrics for resource {metric.Name}");
                return metric.Target.Type switch
                {
                    HpaTargetType.Utilization => _calculator.ResourceUtilization(target.SpecReplicas, (int)metric.Target.Amount, metric.Name, target.Pods, samples, now),
                    HpaTargetType.AverageValue => samples.Count == 0
                        ? ReplicaProposal.Fail($"unable to get metrics for resource {metric.Name}: no metrics returned from resource metrics API")
                        : _calculator.PlainMetric(target.SpecReplicas, metric.Target.Milli, metric.Name, metric.IsCpu, target.Pods, samples, now),
                    _ => ReplicaProposal.Fail("invalid resource metric source: neither an average utilization target nor an average value (usage) target was set"),
                };
            }
            case HpaMetricSource.Pods:
            {
                var samples = metrics.PodMetrics(metric);
                if (samples is null) return ReplicaProposal.Fail($"unable to get metric {metric.Name}");
                return _calculator.PlainMetric(target.SpecReplicas, metric.Target.Milli, "", false, target.Pods, samples, now);
            }
            case HpaMetricSource.Object:
            {
                if (metrics.ObjectValueMilli(metric) is not { } usage) return ReplicaProposal.Fail($"unable to get metric {metric.Name}");
                return metric.Target.Type switch
                {
                    HpaTargetType.Value => _calculator.TotalValue(target.SpecReplicas, usage, metric.Target.Milli, target.Pods),
                    HpaTargetType.AverageValue => _calculator.AverageOfTotal(target.StatusReplicas, usage, metric.Target.Milli),
                    _ => ReplicaProposal.Fail("invalid object metric source: neither a value target nor an average value target was set"),
                };
            }
            case HpaMetricSource.External:
            {
                if (metrics.ExternalValuesMilli(metric) is not { } values) return ReplicaProposal.Fail($"unable to get external metric {metric.Name}");
                return metric.Target.Type switch
                {
                    HpaTargetType.Value => _calculator.TotalValue(target.SpecReplicas, ReplicaCalculator.ExternalUsage(values), metric.Target.Milli, target.Pods),
                    HpaTargetType.AverageValue => _calculator.AverageOfTotal(target.StatusReplicas, ReplicaCalculator.ExternalPerPodUsage(values), metric.Target.Milli),
                    _ => ReplicaProposal.Fail("invalid external metric source: neither a value target nor an average value target was set"),
                };
            }
            default:
                return ReplicaProposal.Fail($"unknown metric source type \"{metric.Source}\"");
        }
    }
}
