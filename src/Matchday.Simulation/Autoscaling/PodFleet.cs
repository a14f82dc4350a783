using System.Collections.Immutable;
using System.Globalization;
using Matchday.Core.Units;

namespace Matchday.Simulation.Autoscaling;

/// <summary>How long a new pod takes to serve.</summary>
/// <param name="Pending">From creation to running: scheduling, node provisioning, image pull.</param>
/// <param name="Readiness">From running to Ready: application start-up until the readiness probe passes.</param>
internal sealed record PodLifecycle(Duration Pending, Duration Readiness)
{
    /// <summary>A warm node pool and a 20 s application start: 5 s pending, 15 s to ready. An assumption, not a measurement.</summary>
    public static PodLifecycle Default { get; } = new(Duration.FromSeconds(5), Duration.FromSeconds(15));
}

/// <summary>
/// The pods of one Deployment: created when the scale goes up, Pending then Running-unready then Ready per their
/// <see cref="PodLifecycle"/>; removed when it goes down, pending and unready pods first, then the most recently
/// ready (the ReplicaSet controller's deletion order, simplified). Terminating pods disappear at once.
/// </summary>
internal sealed class PodFleet
{
    private sealed record Pod(string Name, long Index, Duration Created, Duration RunningAt, Duration ReadyAt)
    {
        // A pod's status in each phase never changes: made once, listed at every reconcile.
        public PodStatus? Pending, Unready, Ready;
    }

    private readonly List<Pod> _pods = [];
    private readonly ImmutableDictionary<string, long> _requests;
    private long _nextIndex;

    /// <summary>A fleet of <paramref name="replicas"/> pods, ready since long before <paramref name="now"/>.</summary>
    public PodFleet(int replicas, PodLifecycle lifecycle, ImmutableDictionary<string, long> requestsMilli, Duration now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        Lifecycle = lifecycle;
        _requests = requestsMilli;
        var longAgo = now - Duration.FromHours(1);
        for (var i = 0; i < replicas; i++) _pods.Add(NewPod(longAgo, ready: true));
        SpecReplicas = replicas;
    }

    /// <summary>The start-up delays of new pods.</summary>
    public PodLifecycle Lifecycle { get; }

    /// <summary>The replica count last set.</summary>
    public int SpecReplicas { get; private set; }

    /// <summary>The pods that exist (any phase).</summary>
    public int Count => _pods.Count;

    /// <summary>The pods Ready at <paramref name="now"/>.</summary>
    public int ReadyCount(Duration now)
    {
        var n = 0;
        foreach (var p in _pods) if (p.ReadyAt <= now) n++;
        return n;
    }

    /// <summary>The pods Running (ready or not) at <paramref name="now"/>.</summary>
    public int RunningCount(Duration now)
    {
        var n = 0;
        foreach (var p in _pods) if (p.RunningAt <= now) n++;
        return n;
    }

    private Pod NewPod(Duration created, bool ready)
    {
        var index = _nextIndex++;
        var name = "pod-" + index.ToString(CultureInfo.InvariantCulture);
        if (ready) return new Pod(name, index, created, created, created);
        var running = created + Lifecycle.Pending;
        return new Pod(name, index, created, running, running + Lifecycle.Readiness);
    }

    /// <summary>Sets the replica count (the HPA's or an operator's <c>kubectl scale</c>).</summary>
    public void Scale(int replicas, Duration now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        SpecReplicas = replicas;
        while (_pods.Count < replicas) _pods.Add(NewPod(now, ready: false));
        if (_pods.Count <= replicas) return;
        // Deletion order: pending, then running-unready, then most recently ready; newest first within each.
        var order = _pods
            .OrderBy(p => p.RunningAt > now ? 0 : p.ReadyAt > now ? 1 : 2)
            .ThenByDescending(p => p.ReadyAt)
            .ThenByDescending(p => p.Index)
            .Take(_pods.Count - replicas)
            .ToHashSet();
        _pods.RemoveAll(order.Contains);
    }

    /// <summary>Removes all pods at once (a region loss); the spec count is kept, so they are recreated.</summary>
    public void LoseAll(Duration now)
    {
        _pods.Clear();
        Scale(SpecReplicas, now);
    }

    /// <summary>The pod statuses the HPA controller lists at <paramref name="now"/>.</summary>
    public ImmutableArray<PodStatus> Statuses(Duration now)
    {
        var b = ImmutableArray.CreateBuilder<PodStatus>(_pods.Count);
        foreach (var p in _pods)
        {
            if (p.RunningAt > now)
            {
                b.Add(p.Pending ??= new PodStatus(p.Name, PodPhase.Pending, ReadyStatus.False, null, p.Created, false, _requests));
            }
            else if (p.ReadyAt > now)
            {
                b.Add(p.Unready ??= new PodStatus(p.Name, PodPhase.Running, ReadyStatus.False, p.RunningAt, p.RunningAt, false, _requests));
            }
            else
            {
                b.Add(p.Ready ??= new PodStatus(p.Name, PodPhase.Running, ReadyStatus.True, p.RunningAt, p.ReadyAt, false, _requests));
            }
        }
        return b.MoveToImmutable();
    }
}
