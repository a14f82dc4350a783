using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Players;

/// <summary>How a session's timing works.</summary>
public enum PlayerMode
{
    /// <summary>Live: segments are published every segment duration; the player joins behind the live edge and never requests an unpublished segment.</summary>
    Live,

    /// <summary>Video on demand: every segment exists; the player waits only for room in its buffer.</summary>
    Vod,

    /// <summary>
    /// Sabre-compatible VOD (UMass-LIDS/sabre): first segment at the lowest rung, playback starts as soon as it arrives,
    /// 25 s maximum buffer, playback resumes as soon as any segment arrives, trace replayed from its start.
    /// </summary>
    Reference,
}

/// <summary>Live catch-up: play faster than real time while the latency to live exceeds the target by more than a drift.</summary>
/// <param name="MaxDrift">Latency above the target that starts catch-up (dash.js <c>liveCatchup.maxDrift</c> plays a similar role).</param>
/// <param name="PlaybackRate">Playback rate while catching up, e.g. 1.1 (dash.js caps catch-up at +/-50 %).</param>
public sealed record LiveCatchUp(Duration MaxDrift, double PlaybackRate);

/// <summary>
/// Viewer abandonment, after Krishnan &amp; Sitaraman, "Video Stream Quality Impacts Viewer Behavior", IMC 2012:
/// viewers start leaving once startup delay exceeds 2 s, and each further second adds 5.8 % abandonment.
/// A viewer's patience is drawn once: it leaves at startup delay <c>grace + U/rate</c> (U uniform in [0, 1)), so the
/// fraction gone by delay d is <c>min(1, rate x (d - grace))</c>. Mid-play stalls use the same form on cumulative stall
/// time, with their own (configurable) grace and rate: the paper reports that rebuffering also cuts play time, without
/// a per-second figure, so by default the startup figures are reused.
/// </summary>
public sealed record ViewerAbandonment
{
    /// <summary>Startup delay everyone tolerates (K&amp;S 2012: 2 s).</summary>
    public Duration StartupGrace { get; init; } = Duration.FromSeconds(2);

    /// <summary>Extra abandonment per second of startup delay beyond the grace (K&amp;S 2012: 5.8 % per second).</summary>
    public double StartupRatePerSecond { get; init; } = 0.058;

    /// <summary>Cumulative stall time everyone tolerates.</summary>
    public Duration StallGrace { get; init; } = Duration.FromSeconds(2);

    /// <summary>Extra abandonment per second of cumulative stall beyond the grace.</summary>
    public double StallRatePerSecond { get; init; } = 0.058;

    /// <summary>The published figures.</summary>
    public static ViewerAbandonment KrishnanSitaraman2012 { get; } = new();

    /// <summary>
    /// Stall patience given as a mean: a viewer's patience is uniform from 0 to twice <paramref name="meanPatience"/>
    /// (the engine's form, grace 0 and rate 1 / (2 x mean)), the fleet model's patience in the simulated night.
    /// </summary>
    public ViewerAbandonment WithStallPatience(Duration meanPatience)
    {
        if (!(meanPatience.Seconds > 0) || !double.IsFinite(meanPatience.Seconds))
            throw new ArgumentOutOfRangeException(nameof(meanPatience), meanPatience.Seconds, "the mean stall patience must be a positive, finite duration");
        return this with { StallGrace = Duration.Zero, StallRatePerSecond = 1 / (2 * meanPatience.Seconds) };
    }
}

/// <summary>
/// One player session's configuration. Use the factories <see cref="Live"/>, <see cref="Vod"/> and
/// <see cref="Reference"/>, then adjust with <c>with</c>.
/// </summary>
public sealed record PlayerOptions
{
    /// <summary>Timing mode.</summary>
    public PlayerMode Mode { get; init; } = PlayerMode.Live;

    /// <summary>The renditions.</summary>
    public BitrateLadder Ladder { get; init; } = BitrateLadder.Default;

    /// <summary>The ABR algorithm.</summary>
    public AbrOptions Abr { get; init; } = AbrOptions.DynamicDash;

    /// <summary>How much content the viewer plays (VOD: the movie; live: the time watched). Rounded up to whole segments.</summary>
    public Duration ContentLength { get; init; } = Duration.FromMinutes(10);

    /// <summary>Maximum buffer: the player waits for room before requesting (Sabre default 25 s; dash.js <c>bufferTimeAtTopQuality</c> 30 s).</summary>
    public Duration MaxBuffer { get; init; } = Duration.FromSeconds(25);

    /// <summary>Buffer needed before playback starts; zero means "as soon as the first segment arrives" (Sabre).</summary>
    public Duration StartupBuffer { get; init; } = Duration.Zero;

    /// <summary>Buffer needed to resume after a stall; zero means "as soon as any segment arrives" (Sabre).</summary>
    public Duration ResumeBuffer { get; init; } = Duration.Zero;

    /// <summary>Rung of the first segment; null means the lowest, or the one <see cref="InitialThroughputEstimate"/> sustains.</summary>
    public int? FirstRung { get; init; }

    /// <summary>A throughput assumed before the first download (dash.js's default initial bitrate plays this role); null for none.</summary>
    public Bitrate? InitialThroughputEstimate { get; init; }

    /// <summary>Live: how far behind the live edge the player joins (HLS recommends three target durations). Default three segments.</summary>
    public Duration? LiveTargetLatency { get; init; }

    /// <summary>
    /// Live: how far behind the live edge the playlist still lists a segment (the HLS playlist's sliding window, DASH's
    /// <c>timeShiftBufferDepth</c>). A player whose next segment has left it loads from the live edge at its target
    /// latency instead, as hls.js does (<c>getNextFragment</c> takes the initial live fragment when the buffer's end
    /// lies before the window; its gap controller then skips the hole): what it buffered still plays, the media in
    /// between is skipped. Null: the window holds the whole event (a DVR window), and a stall permanently adds to the
    /// latency to live.
    /// </summary>
    public Duration? LiveWindow { get; init; }

    /// <summary>Live: catch-up policy; null means a stall permanently adds to the latency to live.</summary>
    public LiveCatchUp? CatchUp { get; init; }

    /// <summary>Viewer abandonment model; null means viewers never leave early.</summary>
    public ViewerAbandonment? ViewerAbandonment { get; init; }

    /// <summary>A session still running after this long ends with <see cref="SessionOutcome.TimedOut"/>. Default: 4 x content + 10 min.</summary>
    public Duration? MaxSessionTime { get; init; }

    /// <summary>Rampup time counts until a rung at or above this one plays (Sabre <c>-rmp</c>); null: the rung the network sustains.</summary>
    public int? RampupThreshold { get; init; }

    /// <summary>
    /// Makes every progress check of a download one by one, as reference mode does, instead of crossing a run of
    /// checks that provably cannot abandon in one step: the same answers up to rounding, slower. For tests of that.
    /// </summary>
    internal bool EveryCheck { get; init; }

    /// <summary>
    /// Sabre-compatible session: lowest first rung, start on first segment, 25 s buffer (Sabre's -b default), or one
    /// segment when segments are longer (a buffer that cannot hold a segment could never fetch one).
    /// </summary>
    public static PlayerOptions Reference(BitrateLadder ladder, AbrOptions abr, Duration contentLength) => new()
    {
        Mode = PlayerMode.Reference,
        Ladder = ladder,
        Abr = abr,
        ContentLength = contentLength,
        MaxBuffer = Duration.FromSeconds(Math.Max(25, ladder.SegmentDuration.Seconds)),
        StartupBuffer = Duration.Zero,
        ResumeBuffer = Duration.Zero,
    };

    /// <summary>
    /// A live viewer: joins three segments behind the live edge, starts after two segments, 30 s buffer cap (or, with
    /// segments longer than 10 s, room for the startup buffer and one more segment: see <see cref="BufferCap"/>).
    /// </summary>
    public static PlayerOptions Live(BitrateLadder ladder, AbrOptions abr, Duration watchTime) => new()
    {
        Mode = PlayerMode.Live,
        Ladder = ladder,
        Abr = abr,
        ContentLength = watchTime,
        MaxBuffer = BufferCap(ladder.SegmentDuration * 2, ladder.SegmentDuration),
        StartupBuffer = ladder.SegmentDuration * 2,
        ResumeBuffer = ladder.SegmentDuration,
        LiveTargetLatency = ladder.SegmentDuration * 3,
    };

    /// <summary>A VOD viewer: starts after two segments, 30 s buffer (dash.js's buffer at top quality; see <see cref="BufferCap"/>).</summary>
    public static PlayerOptions Vod(BitrateLadder ladder, AbrOptions abr, Duration contentLength) => new()
    {
        Mode = PlayerMode.Vod,
        Ladder = ladder,
        Abr = abr,
        ContentLength = contentLength,
        MaxBuffer = BufferCap(ladder.SegmentDuration * 2, ladder.SegmentDuration),
        StartupBuffer = ladder.SegmentDuration * 2,
        ResumeBuffer = ladder.SegmentDuration,
    };

    /// <summary>
    /// The default buffer cap of a live or VOD session: 30 s (dash.js's <c>bufferTimeAtTopQuality</c>), or, when
    /// segments are so long that 30 s cannot hold the startup buffer and the segment being fetched after it (segments
    /// longer than 10 s with a two-segment start), exactly that much: a player always fetches the next segment while it
    /// has less than its goal buffered, so its buffer peaks a segment above the goal.
    /// </summary>
    public static Duration BufferCap(Duration startup, Duration segment)
    {
        var least = startup + segment;
        return least.Seconds > DefaultBufferCap.Seconds ? least : DefaultBufferCap;
    }

    private static readonly Duration DefaultBufferCap = Duration.FromSeconds(30);

    /// <summary>
    /// The device mix: each viewer draws a device by weight (from its own seeded stream) and never plays above that
    /// device's highest rung, as a player capped to the screen (dash.js <c>limitBitrateByPortal</c>, a max bitrate)
    /// does. Empty: no device cap.
    /// </summary>
    public ImmutableArray<PlayerDevice> Devices { get; init; } = [];

    /// <summary>Every problem, each naming the property.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Ladder is null) { errors.Add("Ladder: required"); return errors; }
        for (var i = 0; i < Devices.Length; i++)
        {
            if (!(Devices[i].Weight >= 0) || !double.IsFinite(Devices[i].Weight)) errors.Add($"Devices[{i}].Weight: must be >= 0, was {Devices[i].Weight}");
            if (Devices[i].MaxRung < 0) errors.Add($"Devices[{i}].MaxRung: must be >= 0, was {Devices[i].MaxRung}");
        }
        if (!Devices.IsDefaultOrEmpty && Devices.All(d => !(d.Weight > 0))) errors.Add("Devices: at least one weight must be positive");
        errors.AddRange(Ladder.Validate().Select(e => "Ladder." + e));
        if (Abr is null) errors.Add("Abr: required");
        else errors.AddRange(Abr.Validate().Select(e => "Abr." + e));
        if (errors.Count > 0) return errors;
        var seg = Ladder.SegmentDuration.Seconds;
        if (!(ContentLength.Seconds > 0) || !double.IsFinite(ContentLength.Seconds)) errors.Add($"ContentLength: must be positive, was {ContentLength.Seconds} s");
        if (!(MaxBuffer.Seconds >= seg)) errors.Add($"MaxBuffer: must hold at least one segment ({seg} s), was {MaxBuffer.Seconds} s");
        // The session's own start and resume thresholds bind whoever runs the session's player: everyone, or the devices
        // naming no player of their own (a device's player brings its thresholds, fitted to the buffer by ApplyTo).
        var ownBuffers = Devices.IsDefaultOrEmpty || Devices.Any(d => d.Player is null);
        if (!(StartupBuffer.Seconds >= 0)) errors.Add("StartupBuffer: must be >= 0");
        else if (ownBuffers && StartupBuffer.Seconds > MaxBuffer.Seconds - seg + 1e-9)
            errors.Add($"StartupBuffer: must leave room for a segment below MaxBuffer ({StartupBuffer.Seconds} s + {seg} s > {MaxBuffer.Seconds} s)");
        if (!(ResumeBuffer.Seconds >= 0)) errors.Add("ResumeBuffer: must be >= 0");
        else if (ownBuffers && ResumeBuffer.Seconds > MaxBuffer.Seconds - seg + 1e-9) errors.Add("ResumeBuffer: must leave room for a segment below MaxBuffer");
        if (FirstRung is < 0) errors.Add($"FirstRung: must be >= 0, was {FirstRung}");
        // A rung number names a rung of the ladder: one past the top is a mistake, not "the top" (Sabre's -rmp above the
        // top is never reached, a fixed rung above it does not exist).
        var top = Ladder.Rungs.Length - 1;
        if (FirstRung is { } first && first > top) errors.Add($"FirstRung: rung {first} is not on the ladder (rungs 0 to {top})");
        if (RampupThreshold is { } ramp && ramp > top) errors.Add($"RampupThreshold: rung {ramp} is not on the ladder (rungs 0 to {top})");
        if (Abr is { Algorithm: AbrAlgorithm.Fixed, FixedRung: var fixedRung } && fixedRung > top) errors.Add($"Abr.FixedRung: rung {fixedRung} is not on the ladder (rungs 0 to {top})");
        if (Abr is { MaxRung: { } cap } && cap > top) errors.Add($"Abr.MaxRung: rung {cap} is not on the ladder (rungs 0 to {top})");
        if (InitialThroughputEstimate is { } est && !(est.BitsPerSecond > 0)) errors.Add("InitialThroughputEstimate: must be positive");
        if (LiveTargetLatency is { } lat && !(lat.Seconds >= seg)) errors.Add($"LiveTargetLatency: must be at least one segment ({seg} s), was {lat.Seconds} s");
        if (LiveWindow is { } window)
        {
            // A viewer joins the target latency behind the edge: a shorter window would have dropped what it joins at.
            var join = LiveTargetLatency?.Seconds ?? 3 * seg;
            if (!(window.Seconds >= join * (1 - 1e-9)) || !double.IsFinite(window.Seconds))
                errors.Add($"LiveWindow: must hold at least the live target latency ({join} s), was {window.Seconds} s");
        }
        if (CatchUp is { } c)
        {
            if (!(c.PlaybackRate > 1) || c.PlaybackRate > 2) errors.Add($"CatchUp.PlaybackRate: must be in (1, 2], was {c.PlaybackRate}");
            if (!(c.MaxDrift.Seconds >= 0)) errors.Add("CatchUp.MaxDrift: must be >= 0");
        }
        if (ViewerAbandonment is { } a)
        {
            if (!(a.StartupGrace.Seconds >= 0)) errors.Add("ViewerAbandonment.StartupGrace: must be >= 0");
            if (!(a.StartupRatePerSecond >= 0) || !double.IsFinite(a.StartupRatePerSecond)) errors.Add("ViewerAbandonment.StartupRatePerSecond: must be >= 0 (0: nobody leaves)");
            if (!(a.StallGrace.Seconds >= 0)) errors.Add("ViewerAbandonment.StallGrace: must be >= 0");
            if (!(a.StallRatePerSecond >= 0) || !double.IsFinite(a.StallRatePerSecond)) errors.Add("ViewerAbandonment.StallRatePerSecond: must be >= 0 (0: nobody leaves)");
        }
        if (MaxSessionTime is { } m && !(m.Seconds > 0)) errors.Add("MaxSessionTime: must be positive");
        if (RampupThreshold is < 0) errors.Add($"RampupThreshold: must be >= 0, was {RampupThreshold}");
        for (var i = 0; i < Devices.Length; i++)
            if (Devices[i].Player is { } p) errors.AddRange(p.Abr.Validate().Select(e => $"Devices[{i}].Player.Abr.{e}"));
        return errors;
    }
}

/// <summary>
/// A device class of the audience: its share (a weight), the highest ladder rung it plays and, optionally, the player
/// software it runs (null: the session's ABR).
/// </summary>
public sealed record PlayerDevice(string Name, double Weight, int MaxRung)
{
    /// <summary>The player it runs; null for the session's own ABR and buffers.</summary>
    public PlayerProfile? Player { get; init; }
}
