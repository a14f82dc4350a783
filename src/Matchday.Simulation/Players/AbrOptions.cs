using System.Globalization;
using Matchday.Core.Units;

namespace Matchday.Simulation.Players;

/// <summary>The adaptive-bitrate algorithms the player simulation implements.</summary>
public enum AbrAlgorithm
{
    /// <summary>Throughput rule: the highest rung the safety-scaled EWMA throughput estimate sustains (dash.js ThroughputRule, Sabre <c>throughput</c>).</summary>
    Throughput,

    /// <summary>BOLA (Spiteri, Urgaonkar, Sitaraman, INFOCOM 2016) with dash.js's placeholder buffer and insufficient-buffer rule (Sabre <c>bolae</c>).</summary>
    Bola,

    /// <summary>Hybrid that uses the throughput rule at low buffer and BOLA at high buffer (dash.js DYNAMIC, Sabre <c>dynamicdash</c>).</summary>
    Dynamic,

    /// <summary>Always the same rung.</summary>
    Fixed,
}

/// <summary>
/// An ABR algorithm and its constants. Defaults are the published ones, with their sources next to them.
/// The capped variant (the runbook's "cap at 720p") is any algorithm with <see cref="MaxRung"/> set: it runs on the
/// ladder truncated at that rung.
/// </summary>
public sealed record AbrOptions
{
    /// <summary>Which algorithm.</summary>
    public AbrAlgorithm Algorithm { get; init; } = AbrAlgorithm.Dynamic;

    /// <summary>Highest rung the player may choose (0-based); null for the whole ladder.</summary>
    public int? MaxRung { get; init; }

    /// <summary>The rung for <see cref="AbrAlgorithm.Fixed"/> (0-based; clamped to the ladder).</summary>
    public int FixedRung { get; init; }

    /// <summary>Throughput safety factor: dash.js ThroughputRule and Sabre <c>ThroughputRule.safety_factor</c> = 0.9.</summary>
    public double SafetyFactor { get; init; } = 0.9;

    /// <summary>Fast EWMA half-life: dash.js ThroughputHistory <c>throughputFastHalfLifeSeconds</c> = 3 s; Sabre <c>--half-life 3 8</c>.</summary>
    public Duration FastHalfLife { get; init; } = Duration.FromSeconds(3);

    /// <summary>Slow EWMA half-life: dash.js <c>throughputSlowHalfLifeSeconds</c> = 8 s; Sabre <c>--half-life 3 8</c>.</summary>
    public Duration SlowHalfLife { get; init; } = Duration.FromSeconds(8);

    /// <summary>BOLA minimum buffer: dash.js BolaRule <c>MINIMUM_BUFFER_S</c> = 10 s; Sabre <c>BolaEnh.minimum_buffer</c>.</summary>
    public Duration BolaMinimumBuffer { get; init; } = Duration.FromSeconds(10);

    /// <summary>BOLA buffer added per ladder rung: dash.js <c>MINIMUM_BUFFER_PER_BITRATE_LEVEL_S</c> = 2 s; Sabre <c>minimum_buffer_per_level</c>.</summary>
    public Duration BolaBufferPerLevel { get; init; } = Duration.FromSeconds(2);

    /// <summary>Insufficient-buffer rule initial safety: Sabre <c>low_buffer_safety_factor_init</c> = 0.9 (multiplied in each decision).</summary>
    public double LowBufferSafetyInitial { get; init; } = 0.9;

    /// <summary>Insufficient-buffer rule floor: Sabre <c>low_buffer_safety_factor</c> = 0.5.</summary>
    public double LowBufferSafetyFloor { get; init; } = 0.5;

    /// <summary>Apply the insufficient-buffer rule (dash.js InsufficientBufferRule; Sabre default on, <c>-noibr</c> turns it off).</summary>
    public bool InsufficientBufferRule { get; init; } = true;

    /// <summary>BOLA-O (oscillation-minimising variant, Sabre <c>--abr-osc</c>); false is BOLA-U, the dash.js default.</summary>
    public bool BolaOscillationMode { get; init; }

    /// <summary>Hybrid: switch to the throughput rule below this buffer. Sabre <c>DynamicDash</c>: 5 s (dash.js: half the stable buffer, 6 s).</summary>
    public Duration DynamicLowBuffer { get; init; } = Duration.FromSeconds(5);

    /// <summary>Hybrid: switch to BOLA above this buffer. Sabre <c>DynamicDash</c>: 10 s (dash.js: the stable buffer, 12 s).</summary>
    public Duration DynamicHighBuffer { get; init; } = Duration.FromSeconds(10);

    /// <summary>Abandon a download in flight when the algorithm's abandonment rule says so (Sabre default on; <c>-noa</c> turns it off).</summary>
    public bool Abandonment { get; init; }

    /// <summary>Throughput-rule abandonment: abandon when a download will take longer than this many segment durations (Sabre <c>abandon_multiplier</c> = 1.8).</summary>
    public double AbandonMultiplier { get; init; } = 1.8;

    /// <summary>Throughput-rule abandonment: no abandonment before this much time into the request (Sabre <c>abandon_grace_time</c> = 500 ms).</summary>
    public Duration AbandonGraceTime { get; init; } = Duration.FromMilliseconds(500);

    /// <summary>Abandonment is checked after at least this much data (Sabre <c>NetworkModel.min_progress_size</c> = 12,000 bits)...</summary>
    public DataSize AbandonCheckSize { get; init; } = DataSize.FromBytes(1500);

    /// <summary>...and at least this much time (Sabre <c>NetworkModel.min_progress_time</c> = 50 ms).</summary>
    public Duration AbandonCheckInterval { get; init; } = Duration.FromMilliseconds(50);

    /// <summary>The throughput rule.</summary>
    public static AbrOptions Throughput { get; } = new() { Algorithm = AbrAlgorithm.Throughput };

    /// <summary>BOLA with dash.js's refinements.</summary>
    public static AbrOptions Bola { get; } = new() { Algorithm = AbrAlgorithm.Bola };

    /// <summary>The dynamic hybrid (dash.js's default).</summary>
    public static AbrOptions Dynamic { get; } = new() { Algorithm = AbrAlgorithm.Dynamic };

    /// <summary>Always rung <paramref name="rung"/>.</summary>
    public static AbrOptions Fixed(int rung) => new() { Algorithm = AbrAlgorithm.Fixed, FixedRung = rung };

    /// <summary>
    /// Parses a name: <c>throughput</c>, <c>bola</c>, <c>dynamic</c>, <c>fixed:N</c>, optionally followed by
    /// <c>@cap:N</c> (capped variant, e.g. <c>dynamic@cap:3</c>); also Sabre's names <c>bolae</c> and <c>dynamicdash</c>.
    /// </summary>
    public static AbrOptions Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        const string expected = "expected throughput, bola, dynamic or fixed:N, optionally with @cap:N (e.g. dynamic@cap:3)";
        var text = name.Trim().ToLowerInvariant();
        int? cap = null;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var capText = text[(at + 1)..];
            if (!capText.StartsWith("cap:", StringComparison.Ordinal) || !int.TryParse(capText.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var c))
                throw new ArgumentException($"ABR '{name}': {expected}", nameof(name));
            cap = c;
            text = text[..at];
        }
        AbrOptions options = text switch
        {
            "throughput" or "tput" => Throughput,
            "bola" or "bolae" => Bola,
            "dynamic" or "dynamicdash" => Dynamic,
            _ when text.StartsWith("fixed:", StringComparison.Ordinal)
                   && int.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var r) => Fixed(r),
            _ => throw new ArgumentException($"unknown ABR '{name}': {expected}", nameof(name)),
        };
        return cap is null ? options : options with { MaxRung = cap };
    }

    /// <summary>The canonical name, which <see cref="Parse"/> reads back.</summary>
    public string Name
    {
        get
        {
            var baseName = Algorithm switch
            {
                AbrAlgorithm.Throughput => "throughput",
                AbrAlgorithm.Bola => "bola",
                AbrAlgorithm.Dynamic => "dynamic",
                _ => FormattableString.Invariant($"fixed:{FixedRung}"),
            };
            return MaxRung is { } cap ? FormattableString.Invariant($"{baseName}@cap:{cap}") : baseName;
        }
    }

    /// <summary>Every problem with the constants, each naming the property.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(SafetyFactor > 0) || SafetyFactor > 1) errors.Add($"SafetyFactor: must be in (0, 1], was {SafetyFactor}");
        if (!(FastHalfLife.Seconds > 0)) errors.Add($"FastHalfLife: must be positive, was {FastHalfLife.Seconds} s");
        if (!(SlowHalfLife.Seconds > 0)) errors.Add($"SlowHalfLife: must be positive, was {SlowHalfLife.Seconds} s");
        if (!(BolaMinimumBuffer.Seconds > 0)) errors.Add($"BolaMinimumBuffer: must be positive, was {BolaMinimumBuffer.Seconds} s");
        if (!(BolaBufferPerLevel.Seconds >= 0)) errors.Add($"BolaBufferPerLevel: must be >= 0, was {BolaBufferPerLevel.Seconds} s");
        if (!(LowBufferSafetyInitial > 0) || LowBufferSafetyInitial > 1) errors.Add($"LowBufferSafetyInitial: must be in (0, 1], was {LowBufferSafetyInitial}");
        if (!(LowBufferSafetyFloor > 0) || LowBufferSafetyFloor > 1) errors.Add($"LowBufferSafetyFloor: must be in (0, 1], was {LowBufferSafetyFloor}");
        if (!(DynamicLowBuffer.Seconds >= 0)) errors.Add($"DynamicLowBuffer: must be >= 0, was {DynamicLowBuffer.Seconds} s");
        if (!(DynamicHighBuffer >= DynamicLowBuffer)) errors.Add("DynamicHighBuffer: must be >= DynamicLowBuffer");
        if (!(AbandonMultiplier > 0)) errors.Add($"AbandonMultiplier: must be positive, was {AbandonMultiplier}");
        if (!(AbandonGraceTime.Seconds >= 0)) errors.Add("AbandonGraceTime: must be >= 0");
        if (!(AbandonCheckSize.Bytes > 0)) errors.Add("AbandonCheckSize: must be positive");
        if (!(AbandonCheckInterval.Seconds >= 0)) errors.Add("AbandonCheckInterval: must be >= 0");
        if (MaxRung is < 0) errors.Add($"MaxRung: must be >= 0, was {MaxRung}");
        if (FixedRung < 0) errors.Add($"FixedRung: must be >= 0, was {FixedRung}");
        return errors;
    }
}
