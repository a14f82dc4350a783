using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Matchday.Core.Units;

namespace Matchday.Simulation.Players;

/// <summary>
/// The adaptive-bitrate algorithms the player simulation implements: every algorithm of Sabre (UMass-LIDS/sabre,
/// src/sabre.py at 09b03bb) under Sabre's own name, BBA-0, and the algorithms of the players audiences run.
/// </summary>
public enum AbrAlgorithm
{
    /// <summary>Sabre <c>throughput</c> (ThroughputRule, as dash.js's): highest rung the 0.9-scaled estimate sustains, then the insufficient-buffer rule.</summary>
    Throughput,

    /// <summary>Sabre <c>bola</c>: BOLA (Spiteri, Urgaonkar, Sitaraman, INFOCOM 2016) with gamma*p = 5 and the buffer target shrinking near the end of the content.</summary>
    Bola,

    /// <summary>Sabre <c>bolae</c> (BolaEnh): BOLA with dash.js's placeholder buffer and insufficient-buffer rule.</summary>
    BolaE,

    /// <summary>Sabre <c>dynamic</c>: plain BOLA and the throughput rule side by side, the throughput rule while the buffer is under 10 s.</summary>
    Dynamic,

    /// <summary>Sabre <c>dynamicdash</c> (dash.js DYNAMIC): the throughput rule below 5 s of buffer, BOLA-E above 10 s.</summary>
    DynamicDash,

    /// <summary>BBA-0 (Huang et al., "A Buffer-Based Approach to Rate Adaptation", SIGCOMM 2014): rate from a reservoir/cushion map of the buffer. Sabre's <c>bba</c> is a stub.</summary>
    Bba,

    /// <summary>Always the same rung.</summary>
    Fixed,

    /// <summary>ExoPlayer (androidx/media) AdaptiveTrackSelection over DefaultBandwidthMeter.</summary>
    ExoPlayer,

    /// <summary>hls.js AbrController over its EWMA bandwidth estimator.</summary>
    HlsJs,

    /// <summary>Shaka Player SimpleAbrManager over its EWMA bandwidth estimator.</summary>
    Shaka,

    /// <summary>dash.js L2A-LL (Learn2Adapt-LowLatency), dash.js's low-latency rule.</summary>
    L2A,

    /// <summary>AVPlayer (Apple, closed source): a documented approximation, see docs/players.md.</summary>
    AvPlayer,
}

/// <summary>How the Sabre-family algorithms average throughput samples (Sabre <c>--moving-average</c>).</summary>
public enum ThroughputAverage
{
    /// <summary>Sabre <c>ewma</c>: exponentially weighted by download time, one average per half-life, the minimum of them.</summary>
    Ewma,

    /// <summary>Sabre <c>sliding</c>: the mean of the last N samples for each window size N, the minimum of them.</summary>
    SlidingWindow,
}

/// <summary>
/// An ABR algorithm and its constants. Defaults are the published ones, with their sources next to them.
/// The capped variant (the runbook's "cap at 720p") is any algorithm with <see cref="MaxRung"/> set: it runs on the
/// ladder truncated at that rung.
/// </summary>
public sealed record AbrOptions
{
    /// <summary>The most half-lives or window sizes an average may have (the session keeps them inline).</summary>
    public const int MaxAverages = 4;

    /// <summary>Sabre <c>SlidingWindow.max_store</c>: samples a sliding window keeps.</summary>
    public const int MaxWindow = 20;

    /// <summary>Which algorithm.</summary>
    public AbrAlgorithm Algorithm { get; init; } = AbrAlgorithm.DynamicDash;

    /// <summary>Highest rung the player may choose (0-based); null for the whole ladder.</summary>
    public int? MaxRung { get; init; }

    /// <summary>The rung for <see cref="AbrAlgorithm.Fixed"/> (0-based; clamped to the ladder).</summary>
    public int FixedRung { get; init; }

    /// <summary>Throughput safety factor: Sabre <c>ThroughputRule.safety_factor</c> = 0.9 (dash.js ThroughputRule, its bandwidthSafetyFactor).</summary>
    public double SafetyFactor { get; init; } = 0.9;

    /// <summary>Averaging of throughput samples for the Sabre-family algorithms (Sabre <c>-ma</c>, default <c>ewma</c>).</summary>
    public ThroughputAverage Average { get; init; } = ThroughputAverage.Ewma;

    /// <summary>EWMA half-lives: Sabre <c>-hl</c>, default <c>3 8</c> (dash.js ThroughputHistory's fast and slow half-lives).</summary>
    public ImmutableArray<Duration> HalfLives { get; init; } = DefaultHalfLives;

    /// <summary>Sliding-window sizes in samples: Sabre <c>-ws</c>, default <c>3</c>.</summary>
    public ImmutableArray<int> WindowSizes { get; init; } = DefaultWindowSizes;

    /// <summary>gamma x p of plain BOLA and of BOLA-E without the insufficient-buffer rule: Sabre <c>-gp</c>, default 5 (s); also weights rebuffering in Sabre's time-average score.</summary>
    public double GammaP { get; init; } = 5;

    /// <summary>Plain BOLA "basic" (Sabre <c>-ab</c>): a fixed buffer target and no in-flight abandonment.</summary>
    public bool BolaBasic { get; init; }

    /// <summary>BOLA minimum buffer: Sabre <c>BolaEnh.minimum_buffer</c> = 10 s (dash.js BolaRule <c>MINIMUM_BUFFER_S</c>).</summary>
    public Duration BolaMinimumBuffer { get; init; } = Duration.FromSeconds(10);

    /// <summary>BOLA buffer added per ladder rung: Sabre <c>minimum_buffer_per_level</c> = 2 s (dash.js <c>MINIMUM_BUFFER_PER_BITRATE_LEVEL_S</c>).</summary>
    public Duration BolaBufferPerLevel { get; init; } = Duration.FromSeconds(2);

    /// <summary>Insufficient-buffer rule initial safety: Sabre <c>low_buffer_safety_factor_init</c> = 0.9 (multiplied in each decision).</summary>
    public double LowBufferSafetyInitial { get; init; } = 0.9;

    /// <summary>Insufficient-buffer rule floor: Sabre <c>low_buffer_safety_factor</c> = 0.5.</summary>
    public double LowBufferSafetyFloor { get; init; } = 0.5;

    /// <summary>
    /// Apply the insufficient-buffer rule (Sabre default on; <c>-noibr</c> turns it off, and then, as in Sabre, BOLA-E
    /// takes plain BOLA's parameters: gamma*p - 1 and a target of the maximum buffer).
    /// </summary>
    public bool InsufficientBufferRule { get; init; } = true;

    /// <summary>BOLA-O (oscillation-minimising variant, Sabre <c>-ao</c>); false is BOLA-U, the dash.js default.</summary>
    public bool BolaOscillationMode { get; init; }

    /// <summary>dynamicdash: switch to the throughput rule below this buffer. Sabre <c>DynamicDash.low_threshold</c> = 5 s.</summary>
    public Duration DynamicLowBuffer { get; init; } = Duration.FromSeconds(5);

    /// <summary>dynamicdash: switch to BOLA above this buffer. Sabre <c>DynamicDash.high_threshold</c> = 10 s.</summary>
    public Duration DynamicHighBuffer { get; init; } = Duration.FromSeconds(10);

    /// <summary>dynamic: BOLA only above this buffer. Sabre <c>Dynamic.low_buffer_threshold</c> = 10 s.</summary>
    public Duration DynamicThreshold { get; init; } = Duration.FromSeconds(10);

    /// <summary>BBA-0 reservoir as a fraction of the buffer the player can hold: Huang et al. 2014 use 90 s of 240 s.</summary>
    public double BbaReservoir { get; init; } = 90.0 / 240;

    /// <summary>BBA-0 cushion as a fraction of the buffer the player can hold: Huang et al. 2014 use 126 s of 240 s.</summary>
    public double BbaCushion { get; init; } = 126.0 / 240;

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

    private static readonly ImmutableArray<Duration> DefaultHalfLives = [Duration.FromSeconds(3), Duration.FromSeconds(8)];
    private static readonly ImmutableArray<int> DefaultWindowSizes = [3];

    /// <summary>Sabre <c>throughput</c>.</summary>
    public static AbrOptions Throughput { get; } = new() { Algorithm = AbrAlgorithm.Throughput };

    /// <summary>Sabre <c>bola</c> (plain BOLA).</summary>
    public static AbrOptions Bola { get; } = new() { Algorithm = AbrAlgorithm.Bola };

    /// <summary>Sabre <c>bolae</c> (BOLA with dash.js's refinements).</summary>
    public static AbrOptions BolaE { get; } = new() { Algorithm = AbrAlgorithm.BolaE };

    /// <summary>Sabre <c>dynamic</c> (plain BOLA with the throughput rule under 10 s of buffer).</summary>
    public static AbrOptions SabreDynamic { get; } = new() { Algorithm = AbrAlgorithm.Dynamic };

    /// <summary>Sabre <c>dynamicdash</c>, dash.js's default DYNAMIC rule.</summary>
    public static AbrOptions DynamicDash { get; } = new() { Algorithm = AbrAlgorithm.DynamicDash };

    /// <summary>BBA-0.</summary>
    public static AbrOptions Bba { get; } = new() { Algorithm = AbrAlgorithm.Bba };

    /// <summary>ExoPlayer's AdaptiveTrackSelection.</summary>
    public static AbrOptions ExoPlayer { get; } = new() { Algorithm = AbrAlgorithm.ExoPlayer };

    /// <summary>hls.js's AbrController.</summary>
    public static AbrOptions HlsJs { get; } = new() { Algorithm = AbrAlgorithm.HlsJs };

    /// <summary>Shaka Player's SimpleAbrManager.</summary>
    public static AbrOptions Shaka { get; } = new() { Algorithm = AbrAlgorithm.Shaka };

    /// <summary>dash.js L2A-LL.</summary>
    public static AbrOptions L2A { get; } = new() { Algorithm = AbrAlgorithm.L2A };

    /// <summary>The AVPlayer approximation.</summary>
    public static AbrOptions AvPlayer { get; } = new() { Algorithm = AbrAlgorithm.AvPlayer };

    /// <summary>Always rung <paramref name="rung"/>.</summary>
    public static AbrOptions Fixed(int rung) => new() { Algorithm = AbrAlgorithm.Fixed, FixedRung = rung };

    /// <summary>The default options of an algorithm (rung 0 for <see cref="AbrAlgorithm.Fixed"/>).</summary>
    public static AbrOptions For(AbrAlgorithm algorithm) => algorithm switch
    {
        AbrAlgorithm.Throughput => Throughput,
        AbrAlgorithm.Bola => Bola,
        AbrAlgorithm.BolaE => BolaE,
        AbrAlgorithm.Dynamic => SabreDynamic,
        AbrAlgorithm.DynamicDash => DynamicDash,
        AbrAlgorithm.Bba => Bba,
        AbrAlgorithm.ExoPlayer => ExoPlayer,
        AbrAlgorithm.HlsJs => HlsJs,
        AbrAlgorithm.Shaka => Shaka,
        AbrAlgorithm.L2A => L2A,
        AbrAlgorithm.AvPlayer => AvPlayer,
        _ => Fixed(0),
    };

    /// <summary>Every algorithm's name as <see cref="Parse"/> reads it (<c>fixed</c> takes a rung: <c>fixed:N</c>), with a one-line description.</summary>
    public static IReadOnlyList<(string Name, AbrAlgorithm Algorithm, string Description)> Names { get; } =
    [
        ("throughput", AbrAlgorithm.Throughput, "Sabre throughput rule"),
        ("bola", AbrAlgorithm.Bola, "Sabre plain BOLA"),
        ("bolae", AbrAlgorithm.BolaE, "Sabre BOLA-E (dash.js BolaRule)"),
        ("dynamic", AbrAlgorithm.Dynamic, "Sabre dynamic: BOLA, throughput rule under 10 s"),
        ("dynamicdash", AbrAlgorithm.DynamicDash, "Sabre dynamicdash = dash.js DYNAMIC"),
        ("bba", AbrAlgorithm.Bba, "BBA-0 buffer-based"),
        ("fixed", AbrAlgorithm.Fixed, "fixed:N, always rung N"),
        ("exoplayer", AbrAlgorithm.ExoPlayer, "ExoPlayer AdaptiveTrackSelection"),
        ("hlsjs", AbrAlgorithm.HlsJs, "hls.js AbrController"),
        ("shaka", AbrAlgorithm.Shaka, "Shaka SimpleAbrManager"),
        ("l2a", AbrAlgorithm.L2A, "dash.js L2A-LL (low latency)"),
        ("avplayer", AbrAlgorithm.AvPlayer, "AVPlayer approximation"),
    ];

    /// <summary>The valid names, for messages and help: <c>throughput, bola, ..., fixed:N</c>.</summary>
    public static string NameList => string.Join(", ", Names.Select(n => n.Algorithm == AbrAlgorithm.Fixed ? "fixed:N" : n.Name));

    /// <summary>
    /// Parses a name (case-insensitive): one of <see cref="Names"/>, or an unambiguous prefix of one, or <c>fixed:N</c>;
    /// optionally followed by <c>@cap:N</c> (the capped variant, e.g. <c>dynamicdash@cap:3</c>).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown or ambiguous name (the message lists the valid ones).</exception>
    public static AbrOptions Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParse(name, out var options, out var error) ? options : throw new ArgumentException(error, nameof(name));
    }

    /// <summary>
    /// <see cref="Parse"/> without the exception: false and what is wrong (quoting <paramref name="shownAs"/>, what the
    /// user wrote, when the name was derived from it; else the name) when it names no algorithm.
    /// </summary>
    public static bool TryParse(string name, [NotNullWhen(true)] out AbrOptions? options, out string error, string? shownAs = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var shown = shownAs ?? name;
        var expected = $"expected one of {NameList}, optionally with @cap:N (e.g. dynamicdash@cap:3)";
        options = null;
        error = "";
        var text = name.Trim().ToLowerInvariant();
        int? cap = null;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var capText = text[(at + 1)..];
            if (!capText.StartsWith("cap:", StringComparison.Ordinal) || !int.TryParse(capText.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var c))
            {
                error = $"ABR '{shown}': {expected}";
                return false;
            }
            cap = c;
            text = text[..at];
        }
        AbrOptions found;
        if (text.StartsWith("fixed:", StringComparison.Ordinal))
        {
            if (!int.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var r))
            {
                error = $"ABR '{shown}': fixed takes a rung number, e.g. fixed:2";
                return false;
            }
            found = Fixed(r);
        }
        else
        {
            var exact = Names.Where(n => n.Name == text).ToList();
            var matches = exact.Count > 0 ? exact : [.. Names.Where(n => text.Length > 0 && n.Name.StartsWith(text, StringComparison.Ordinal))];
            if (matches.Count > 1)
            {
                error = $"ambiguous ABR '{shown}': could be {string.Join(" or ", matches.Select(m => m.Name))}; {expected}";
                return false;
            }
            if (matches.Count == 0 || matches[0].Algorithm == AbrAlgorithm.Fixed)
            {
                error = $"unknown ABR '{shown}': {expected}";
                return false;
            }
            found = For(matches[0].Algorithm);
        }
        options = cap is null ? found : found with { MaxRung = cap };
        return true;
    }

    /// <summary>The canonical name, which <see cref="Parse"/> reads back.</summary>
    public string Name
    {
        get
        {
            var baseName = Algorithm == AbrAlgorithm.Fixed
                ? FormattableString.Invariant($"fixed:{FixedRung}")
                : Names.First(n => n.Algorithm == Algorithm).Name;
            return MaxRung is { } cap ? FormattableString.Invariant($"{baseName}@cap:{cap}") : baseName;
        }
    }

    /// <summary>True for the algorithms that average throughput Sabre's way (and honour <see cref="Average"/>).</summary>
    public bool UsesSabreEstimator => Algorithm is AbrAlgorithm.Throughput or AbrAlgorithm.Bola or AbrAlgorithm.BolaE
        or AbrAlgorithm.Dynamic or AbrAlgorithm.DynamicDash or AbrAlgorithm.Bba or AbrAlgorithm.Fixed;

    /// <summary>Every problem with the constants, each naming the property.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(SafetyFactor > 0) || SafetyFactor > 1) errors.Add($"SafetyFactor: must be in (0, 1], was {SafetyFactor}");
        if (HalfLives.IsDefaultOrEmpty || HalfLives.Length > MaxAverages) errors.Add($"HalfLives: give 1 to {MaxAverages} half-lives");
        else
            for (var i = 0; i < HalfLives.Length; i++)
                if (!(HalfLives[i].Seconds > 0) || !(HalfLives[i].Seconds <= 3600)) errors.Add($"HalfLives[{i}]: must be above 0 and at most an hour, was {HalfLives[i].Seconds} s");
        if (WindowSizes.IsDefaultOrEmpty || WindowSizes.Length > MaxAverages) errors.Add($"WindowSizes: give 1 to {MaxAverages} window sizes");
        else
            for (var i = 0; i < WindowSizes.Length; i++)
                if (WindowSizes[i] is < 1 or > MaxWindow) errors.Add($"WindowSizes[{i}]: must be 1 to {MaxWindow} samples (Sabre keeps {MaxWindow}), was {WindowSizes[i]}");
        if (!(GammaP > 0) || !(GammaP <= 600)) errors.Add($"GammaP: must be above 0 and at most 600 s, was {GammaP}");
        if (!(BolaMinimumBuffer.Seconds > 0)) errors.Add($"BolaMinimumBuffer: must be positive, was {BolaMinimumBuffer.Seconds} s");
        if (!(BolaBufferPerLevel.Seconds >= 0)) errors.Add($"BolaBufferPerLevel: must be >= 0, was {BolaBufferPerLevel.Seconds} s");
        if (!(LowBufferSafetyInitial > 0) || LowBufferSafetyInitial > 1) errors.Add($"LowBufferSafetyInitial: must be in (0, 1], was {LowBufferSafetyInitial}");
        if (!(LowBufferSafetyFloor > 0) || LowBufferSafetyFloor > 1) errors.Add($"LowBufferSafetyFloor: must be in (0, 1], was {LowBufferSafetyFloor}");
        if (!(DynamicLowBuffer.Seconds >= 0)) errors.Add($"DynamicLowBuffer: must be >= 0, was {DynamicLowBuffer.Seconds} s");
        if (!(DynamicHighBuffer >= DynamicLowBuffer)) errors.Add("DynamicHighBuffer: must be >= DynamicLowBuffer");
        if (!(DynamicThreshold.Seconds >= 0)) errors.Add($"DynamicThreshold: must be >= 0, was {DynamicThreshold.Seconds} s");
        if (!(BbaReservoir >= 0) || !(BbaCushion > 0) || !(BbaReservoir + BbaCushion <= 1))
            errors.Add($"BbaReservoir, BbaCushion: fractions of the buffer with reservoir >= 0, cushion > 0 and their sum <= 1, were {BbaReservoir} and {BbaCushion}");
        if (!(AbandonMultiplier > 0)) errors.Add($"AbandonMultiplier: must be positive, was {AbandonMultiplier}");
        if (!(AbandonGraceTime.Seconds >= 0)) errors.Add("AbandonGraceTime: must be >= 0");
        if (!(AbandonCheckSize.Bytes > 0)) errors.Add("AbandonCheckSize: must be positive");
        if (!(AbandonCheckInterval.Seconds >= 0)) errors.Add("AbandonCheckInterval: must be >= 0");
        if (MaxRung is < 0) errors.Add($"MaxRung: must be >= 0, was {MaxRung}");
        if (FixedRung < 0) errors.Add($"FixedRung: must be >= 0, was {FixedRung}");
        return errors;
    }
}
