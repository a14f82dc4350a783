namespace Matchday.Simulation.Runbooks;

/// <summary>Something a runbook does to the system; plain data the event simulator applies when it takes effect.</summary>
public abstract record RunbookAction
{
    /// <summary>A short human description for the incident timeline.</summary>
    public abstract string Describe();
}

/// <summary><c>kubectl scale deployment origin-servers --replicas=N</c> (in one region, or the primary when null).</summary>
public sealed record ScaleOrigins(int Replicas, string? Region = null) : RunbookAction
{
    /// <inheritdoc/>
    public override string Describe() => Region is null ? $"scale origins to {Replicas}" : $"scale {Region} origins to {Replicas}";
}

/// <summary>Route traffic to the secondary CDN path as well (Route 53 change to <c>failover-to-secondary.json</c>).</summary>
public sealed record ActivateSecondaryCdn : RunbookAction
{
    /// <inheritdoc/>
    public override string Describe() => "activate the secondary CDN";
}

/// <summary>Activate every CDN provider (<c>cdn-controller/activate-all-providers</c>).</summary>
public sealed record ActivateAllCdns : RunbookAction
{
    /// <inheritdoc/>
    public override string Describe() => "activate all CDN providers";
}

/// <summary>Cap the ladder at a rung (<c>quality/enable-degradation {"max_quality": "720p"}</c>).</summary>
public sealed record CapQuality(string MaxRung) : RunbookAction
{
    /// <inheritdoc/>
    public override string Describe() => $"cap quality at {MaxRung}";
}

/// <summary>Fail a region over to another (DNS change to <c>emergency-failover.json</c>, app config to the new primary).</summary>
public sealed record FailOverRegion(string From, string To) : RunbookAction
{
    /// <inheritdoc/>
    public override string Describe() => $"fail over {From} to {To}";
}

/// <summary>Promote a region's read replica to primary (<c>rds promote-read-replica</c>).</summary>
public sealed record PromoteReplica(string Region) : RunbookAction
{
    /// <inheritdoc/>
    public override string Describe() => $"promote the {Region} replica";
}

/// <summary>Raise an HPA's ceiling (<c>kubectl patch hpa NAME -p '{"spec":{"maxReplicas":N}}'</c>).</summary>
public sealed record SetHpaMaxReplicas(string Hpa, int MaxReplicas) : RunbookAction
{
    /// <inheritdoc/>
    public override string Describe() => $"raise {Hpa} maxReplicas to {MaxReplicas}";
}
