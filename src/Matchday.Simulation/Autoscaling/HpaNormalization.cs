using Matchday.Core.Units;

namespace Matchday.Simulation.Autoscaling;

/// <summary>An unstabilized recommendation and when it was made (<c>timestampedRecommendation</c>).</summary>
internal readonly record struct TimestampedRecommendation(int Recommendation, Duration Timestamp);

/// <summary>A past scaling step, its size as a non-negative number of pods (<c>timestampedScaleEvent</c>).</summary>
internal record struct TimestampedScaleEvent(int ReplicaChange, Duration Timestamp, bool Outdated);

/// <summary>
/// The pure functions of <c>horizontal.go</c> that turn a metric proposal into the replica count to set:
/// stabilization over recent recommendations, the Pods/Percent policies measured from the replica count at the
/// start of each policy's period, and the min/max clamps. Times are compared as upstream compares them
/// (<c>After</c> is strictly later, <c>Before</c> strictly earlier).
/// </summary>
internal static class HpaNormalization
{
    /// <summary><c>scaleUpLimitFactor</c> and <c>scaleUpLimitMinimum</c>: the legacy path's cap of max(2 × current, 4).</summary>
    public const double ScaleUpLimitFactor = 2.0;

    /// <inheritdoc cref="ScaleUpLimitFactor"/>
    public const double ScaleUpLimitMinimum = 4.0;

    /// <summary><c>calculateScaleUpLimit</c> (legacy path, no behavior).</summary>
    public static int CalculateScaleUpLimit(int currentReplicas) => (int)Math.Max(ScaleUpLimitFactor * currentReplicas, ScaleUpLimitMinimum);

    /// <summary><c>convertDesiredReplicasWithRules</c> (legacy path): clamp to min, to max, and to the scale-up limit.</summary>
    public static (int Replicas, string Condition) ConvertDesiredReplicasWithRules(int currentReplicas, int desiredReplicas, int minReplicas, int maxReplicas)
    {
        var scaleUpLimit = CalculateScaleUpLimit(currentReplicas);
        int maximumAllowed;
        string limitingCondition;
        if (maxReplicas > scaleUpLimit)
        {
            maximumAllowed = scaleUpLimit;
            limitingCondition = "ScaleUpLimit";
        }
        else
        {
            maximumAllowed = maxReplicas;
            limitingCondition = "TooManyReplicas";
        }
        if (desiredReplicas < minReplicas) return (minReplicas, "TooFewReplicas");
        if (desiredReplicas > maximumAllowed) return (maximumAllowed, limitingCondition);
        return (desiredReplicas, "DesiredWithinRange");
    }

    /// <summary>
    /// <c>stabilizeRecommendation</c> (legacy path): records the new recommendation (reusing an expired slot) and
    /// returns the highest recommendation of the window, so scale-downs follow the window's maximum.
    /// </summary>
    public static int StabilizeRecommendation(List<TimestampedRecommendation> recommendations, int prenormalizedDesired, Duration window, Duration now)
    {
        var max = prenormalizedDesired;
        var foundOld = false;
        var oldIndex = 0;
        var cutoff = now - window;
        for (var i = 0; i < recommendations.Count; i++)
        {
            var rec = recommendations[i];
            if (rec.Timestamp < cutoff)
            {
                foundOld = true;
                oldIndex = i;
            }
            else if (rec.Recommendation > max)
            {
                max = rec.Recommendation;
            }
        }
        var entry = new TimestampedRecommendation(prenormalizedDesired, now);
        if (foundOld) recommendations[oldIndex] = entry;
        else recommendations.Add(entry);
        return max;
    }

    /// <summary>
    /// <c>stabilizeRecommendationWithBehaviors</c>: the result stays between the lowest recommendation of the
    /// scale-up window and the highest of the scale-down window, starting from the current count.
    /// </summary>
    public static (int Replicas, string Reason) StabilizeRecommendationWithBehaviors(List<TimestampedRecommendation> recommendations,
        int currentReplicas, int desiredReplicas, Duration upWindow, Duration downWindow, Duration now)
    {
        var foundOld = false;
        var oldIndex = 0;
        var upRecommendation = desiredReplicas;
        var upCutoff = now - upWindow;
        var downRecommendation = desiredReplicas;
        var downCutoff = now - downWindow;
        for (var i = 0; i < recommendations.Count; i++)
        {
            var rec = recommendations[i];
            if (rec.Timestamp > upCutoff) upRecommendation = Math.Min(rec.Recommendation, upRecommendation);
            if (rec.Timestamp > downCutoff) downRecommendation = Math.Max(rec.Recommendation, downRecommendation);
            if (rec.Timestamp < upCutoff && rec.Timestamp < downCutoff)
            {
                foundOld = true;
                oldIndex = i;
            }
        }

        var recommendation = currentReplicas;
        if (recommendation < upRecommendation) recommendation = upRecommendation;
        if (recommendation > downRecommendation) recommendation = downRecommendation;

        var entry = new TimestampedRecommendation(desiredReplicas, now);
        if (foundOld) recommendations[oldIndex] = entry;
        else recommendations.Add(entry);

        return (recommendation, desiredReplicas >= currentReplicas ? "ScaleUpStabilized" : "ScaleDownStabilized");
    }

    /// <summary><c>getReplicasChangePerPeriod</c>: pods added (or removed) by events newer than <paramref name="period"/>.</summary>
    public static int ReplicasChangePerPeriod(Duration period, IReadOnlyList<TimestampedScaleEvent> events, Duration now)
    {
        var cutoff = now - period;
        var sum = 0;
        foreach (var e in events)
        {
            if (e.Timestamp > cutoff) sum += e.ReplicaChange;
        }
        return sum;
    }

    /// <summary>
    /// <c>calculateScaleUpLimitWithScalingRules</c>: for each policy, the replicas at the start of its period
    /// (current − added + removed within the period) plus the policy's allowance; Max or Min over the policies.
    /// </summary>
    public static int CalculateScaleUpLimitWithScalingRules(int currentReplicas, IReadOnlyList<TimestampedScaleEvent> scaleUpEvents,
        IReadOnlyList<TimestampedScaleEvent> scaleDownEvents, HpaScalingRules rules, Duration now)
    {
        var select = rules.SelectPolicy ?? HpaSelectPolicy.Max;
        if (select == HpaSelectPolicy.Disabled) return currentReplicas;
        var result = select == HpaSelectPolicy.Min ? int.MaxValue : int.MinValue;
        foreach (var policy in rules.Policies ?? [])
        {
            var added = ReplicasChangePerPeriod(policy.Period, scaleUpEvents, now);
            var deleted = ReplicasChangePerPeriod(policy.Period, scaleDownEvents, now);
            var periodStart = currentReplicas - added + deleted;
            var proposed = policy.Type == HpaPolicyType.Pods
                ? periodStart + policy.Value
                // Rounded up: a proposal that does not add a pod would never let the target scale up.
                : (int)Math.Ceiling(periodStart * (1 + policy.Value / 100.0));
            result = select == HpaSelectPolicy.Min ? Math.Min(result, proposed) : Math.Max(result, proposed);
        }
        return result;
    }

    /// <summary><c>calculateScaleDownLimitWithBehaviors</c>: as for scale-up, with the allowance removed (Percent truncated).</summary>
    public static int CalculateScaleDownLimitWithBehaviors(int currentReplicas, IReadOnlyList<TimestampedScaleEvent> scaleUpEvents,
        IReadOnlyList<TimestampedScaleEvent> scaleDownEvents, HpaScalingRules rules, Duration now)
    {
        var select = rules.SelectPolicy ?? HpaSelectPolicy.Max;
        if (select == HpaSelectPolicy.Disabled) return currentReplicas;
        var result = select == HpaSelectPolicy.Min ? int.MinValue : int.MaxValue;
        foreach (var policy in rules.Policies ?? [])
        {
            var added = ReplicasChangePerPeriod(policy.Period, scaleUpEvents, now);
            var deleted = ReplicasChangePerPeriod(policy.Period, scaleDownEvents, now);
            var periodStart = currentReplicas - added + deleted;
            var proposed = policy.Type == HpaPolicyType.Pods
                ? periodStart - policy.Value
                : (int)(periodStart * (1 - policy.Value / 100.0));
            result = select == HpaSelectPolicy.Min ? Math.Max(result, proposed) : Math.Min(result, proposed);
        }
        return result;
    }

    /// <summary>
    /// <c>convertDesiredReplicasWithBehaviorRate</c>: limits the (stabilized) desired count by the policies and by
    /// min/max. Returns the count and the <c>ScalingLimited</c> reason.
    /// </summary>
    public static (int Replicas, string Condition) ConvertDesiredReplicasWithBehaviorRate(int currentReplicas, int desiredReplicas,
        int minReplicas, int maxReplicas, HpaScalingRules scaleUp, HpaScalingRules scaleDown,
        IReadOnlyList<TimestampedScaleEvent> scaleUpEvents, IReadOnlyList<TimestampedScaleEvent> scaleDownEvents, Duration now)
    {
        if (desiredReplicas > currentReplicas)
        {
            var scaleUpLimit = CalculateScaleUpLimitWithScalingRules(currentReplicas, scaleUpEvents, scaleDownEvents, scaleUp, now);
            if (scaleUpLimit < currentReplicas) scaleUpLimit = currentReplicas; // no further scale-up until events expire
            int maximumAllowed;
            string reason;
            if (maxReplicas > scaleUpLimit)
            {
                maximumAllowed = scaleUpLimit;
                reason = "ScaleUpLimit";
            }
            else
            {
                maximumAllowed = maxReplicas;
                reason = "TooManyReplicas";
            }
            if (desiredReplicas > maximumAllowed) return (maximumAllowed, reason);
        }
        else if (desiredReplicas < currentReplicas)
        {
            var scaleDownLimit = CalculateScaleDownLimitWithBehaviors(currentReplicas, scaleUpEvents, scaleDownEvents, scaleDown, now);
            if (scaleDownLimit > currentReplicas) scaleDownLimit = currentReplicas; // no further scale-down until events expire
            int minimumAllowed;
            string reason;
            if (minReplicas < scaleDownLimit)
            {
                minimumAllowed = scaleDownLimit;
                reason = "ScaleDownLimit";
            }
            else
            {
                minimumAllowed = minReplicas;
                reason = "TooFewReplicas";
            }
            if (desiredReplicas < minimumAllowed) return (minimumAllowed, reason);
        }
        return (desiredReplicas, "DesiredWithinRange");
    }

    /// <summary><c>markScaleEventsOutdated</c>: events older than the longest policy period can be reused.</summary>
    public static void MarkScaleEventsOutdated(List<TimestampedScaleEvent> events, Duration longestPolicyPeriod, Duration now)
    {
        var cutoff = now - longestPolicyPeriod;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Timestamp < cutoff) events[i] = events[i] with { Outdated = true };
        }
    }

    /// <summary><c>getLongestPolicyPeriod</c>.</summary>
    public static Duration LongestPolicyPeriod(HpaScalingRules rules)
    {
        var longest = Duration.Zero;
        foreach (var p in rules.Policies ?? [])
        {
            if (p.Period > longest) longest = p.Period;
        }
        return longest;
    }

    /// <summary><c>storeScaleEvent</c>: appends the step, or overwrites the last outdated one.</summary>
    public static void StoreScaleEvent(List<TimestampedScaleEvent> events, HpaScalingRules rules, int change, Duration now)
    {
        MarkScaleEventsOutdated(events, LongestPolicyPeriod(rules), now);
        var foundOld = false;
        var oldIndex = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Outdated)
            {
                foundOld = true;
                oldIndex = i;
            }
        }
        var entry = new TimestampedScaleEvent(change, now, false);
        if (foundOld) events[oldIndex] = entry;
        else events.Add(entry);
    }
}
