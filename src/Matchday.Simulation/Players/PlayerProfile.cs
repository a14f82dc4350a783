using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Players.Engine.Rules;

namespace Matchday.Simulation.Players;

/// <summary>
/// A player's software: its ABR and the buffer thresholds it ships with (null keeps the mode's default). Applied to a
/// live or VOD session by <see cref="ApplyTo"/>; the reference (Sabre) mode keeps Sabre's buffers.
/// </summary>
/// <param name="Name">How reports name it, e.g. <c>exoplayer</c>.</param>
/// <param name="Abr">Its adaptation algorithm.</param>
public sealed record PlayerProfile(string Name, AbrOptions Abr)
{
    /// <summary>
    /// Forward buffer the player fills: it requests the next segment while less than this is buffered, so the buffer
    /// peaks one segment above it (VOD; a live session is bounded by its latency to live too).
    /// </summary>
    public Duration? BufferGoal { get; init; }

    /// <summary>Buffer needed to start playing.</summary>
    public Duration? StartupBuffer { get; init; }

    /// <summary>Buffer needed to resume after a stall.</summary>
    public Duration? ResumeBuffer { get; init; }

    /// <summary>
    /// ExoPlayer: AdaptiveTrackSelection; DefaultLoadControl (androidx/media 2bc2078) fills 50 s, starts at 1 s of buffer
    /// and resumes at 2 s.
    /// </summary>
    public static PlayerProfile ExoPlayer { get; } = new(PlayerKindWords.Of(PlayerKind.ExoPlayer), AbrOptions.ExoPlayer)
    {
        BufferGoal = Duration.FromSeconds(ExoPlayerRule.MaxBufferSeconds),
        StartupBuffer = Duration.FromSeconds(ExoPlayerRule.BufferForPlayback),
        ResumeBuffer = Duration.FromSeconds(ExoPlayerRule.BufferForPlaybackAfterRebuffer),
    };

    /// <summary>
    /// hls.js: AbrController; config.ts maxBufferLength = 30 s. config.ts sets no playback threshold: the media element
    /// plays (and resumes) as soon as a fragment is appended, so the first segment in starts it.
    /// </summary>
    public static PlayerProfile HlsJs { get; } = new(PlayerKindWords.Of(PlayerKind.HlsJs), AbrOptions.HlsJs)
    {
        BufferGoal = Duration.FromSeconds(HlsJsRule.MaxBufferLength),
        StartupBuffer = Duration.Zero,
        ResumeBuffer = Duration.Zero,
    };

    /// <summary>
    /// Shaka Player: SimpleAbrManager; lib/util/player_configuration.js bufferingGoal = 10 s (it requests while less is
    /// buffered) and rebufferingGoal = 0 (what must be buffered to start or resume: the first segment in does it).
    /// </summary>
    public static PlayerProfile Shaka { get; } = new(PlayerKindWords.Of(PlayerKind.Shaka), AbrOptions.Shaka)
    {
        BufferGoal = Duration.FromSeconds(ShakaRule.BufferingGoal),
        StartupBuffer = Duration.FromSeconds(ShakaRule.RebufferingGoal),
        ResumeBuffer = Duration.FromSeconds(ShakaRule.RebufferingGoal),
    };

    /// <summary>
    /// dash.js: DYNAMIC (throughput rule, BOLA-E when the buffer is rich). dash.js 5.1.1 AbrController
    /// _updateDynamicAbrStrategy switches BOLA on at bufferTimeDefault = 18 s and off under half of it (Settings.js
    /// buffer.bufferTimeDefault = 18), and fills that buffer; Sabre's dynamicdash uses 10 s and 5 s. Playback starts
    /// with the first segment in (Settings.js buffer.initialBufferLevel = NaN: no level to wait for) and resumes from a
    /// stall once buffer.stallThreshold = 0.3 s is buffered.
    /// </summary>
    public static PlayerProfile DashJs { get; } = new(PlayerKindWords.Of(PlayerKind.DashJs), AbrOptions.DynamicDash with
    {
        DynamicLowBuffer = Duration.FromSeconds(9),
        DynamicHighBuffer = Duration.FromSeconds(18),
    })
    {
        BufferGoal = Duration.FromSeconds(18),
        StartupBuffer = Duration.Zero,
        ResumeBuffer = Duration.FromSeconds(DashJsStallThreshold),
    };

    /// <summary>dash.js 5.1.1 Settings.js streaming.buffer.stallThreshold (and lowLatencyStallThreshold): 0.3 s.</summary>
    private const double DashJsStallThreshold = 0.3;

    /// <summary>
    /// dash.js in low-latency mode with its L2A-LL rule; the same start and resume as <see cref="DashJs"/>
    /// (initialBufferLevel = NaN, lowLatencyStallThreshold = 0.3 s).
    /// </summary>
    public static PlayerProfile DashJsLowLatency { get; } = new(PlayerKindWords.Of(PlayerKind.DashJsLowLatency), AbrOptions.L2A)
    {
        StartupBuffer = Duration.Zero,
        ResumeBuffer = Duration.FromSeconds(DashJsStallThreshold),
    };

    /// <summary>AVPlayer: the documented approximation; a 30 s forward buffer (an assumption).</summary>
    public static PlayerProfile AvPlayer { get; } = new(PlayerKindWords.Of(PlayerKind.AvPlayer), AbrOptions.AvPlayer) { BufferGoal = Duration.FromSeconds(30) };

    /// <summary>Every player, in <see cref="PlayerKind"/> order, under the name a scenario's device profile gives it (<c>player: hls.js</c>).</summary>
    public static IReadOnlyList<PlayerProfile> All { get; } = [.. PlayerKindWords.All.Select(k => Of(k.Kind))];

    /// <summary>The simulated software of a player kind a scenario names.</summary>
    public static PlayerProfile Of(PlayerKind kind) => kind switch
    {
        PlayerKind.ExoPlayer => ExoPlayer,
        PlayerKind.HlsJs => HlsJs,
        PlayerKind.Shaka => Shaka,
        PlayerKind.DashJs => DashJs,
        PlayerKind.DashJsLowLatency => DashJsLowLatency,
        PlayerKind.AvPlayer => AvPlayer,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown player kind"),
    };

    /// <summary>
    /// The player <paramref name="name"/> names (case-insensitive, as the scenario spells it: <c>hls.js</c>,
    /// <c>dash.js-ll</c>, ...), optionally capped (<c>shaka@cap:3</c>); null when it names no player.
    /// </summary>
    /// <exception cref="ArgumentException">A player's name with a malformed <c>@cap:N</c>.</exception>
    public static PlayerProfile? Named(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Trim();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var head = at < 0 ? text : text[..at];
        var profile = All.FirstOrDefault(p => string.Equals(p.Name, head, StringComparison.OrdinalIgnoreCase));
        if (profile is null || at < 0) return profile;
        // The cap as AbrOptions reads it (one grammar for @cap:N), its message quoting what was written.
        return AbrOptions.TryParse(profile.Abr.Name + text[at..], out var capped, out var error, shownAs: name)
            ? profile with { Abr = profile.Abr with { MaxRung = capped.MaxRung } }
            : throw new ArgumentException(error, nameof(name));
    }

    /// <summary>The name reports give it: <c>shaka</c>, or <c>shaka@cap:3</c> when capped.</summary>
    public string Label => Abr.MaxRung is { } cap ? FormattableString.Invariant($"{Name}@cap:{cap}") : Name;

    /// <summary>The profile's player options for a live or VOD session built by <see cref="PlayerOptions.Live"/> or <see cref="PlayerOptions.Vod"/>.</summary>
    public PlayerOptions ApplyTo(PlayerOptions session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var abr = Abr with { MaxRung = session.Abr.MaxRung ?? Abr.MaxRung, Abandonment = session.Abr.Abandonment };
        if (session.Mode == PlayerMode.Reference) return session with { Abr = abr };
        var seg = session.Ladder.SegmentDuration;
        var max = BufferGoal is { } goal ? goal + seg : session.MaxBuffer;
        var startup = StartupBuffer ?? session.StartupBuffer;
        var resume = ResumeBuffer ?? session.ResumeBuffer;
        var room = max - seg;
        return session with
        {
            Abr = abr,
            MaxBuffer = max,
            StartupBuffer = startup > room ? room : startup,
            ResumeBuffer = resume > room ? room : resume,
        };
    }
}
