using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matchday.Core.Grammar;
using Matchday.Core.Units;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Matchday.Core.Scenarios.Reading;

/// <summary>The scenario read from a file, or every error found in it.</summary>
public sealed record ReadResult(Scenario? Scenario, IReadOnlyList<ScenarioError> Errors)
{
    public bool Ok => Scenario is not null && Errors.Count == 0;
}

/// <summary>
/// Maps the YAML scenario format onto the domain records, once, validating as it goes and
/// collecting every error with its location rather than stopping at the first.
/// </summary>
public static partial class ScenarioReader
{
    // The documented limits (docs/scenario.md): beyond them a figure is a typo (an extra "B"), or no event's.
    /// <summary>The world's population: no audience, region or subscriber count exceeds it.</summary>
    public const double WorldPopulation = 8.2e9;
    public const int MaxStages = 50, MaxPhases = 50, MaxDevices = 50, MaxNetworks = 50, MaxRegions = 50, MaxCdns = 10, MaxRungs = 16; // MaxRungs: the player engine's BitrateLadder.MaxRungs (its rung counts and thresholds are inline arrays of 16)
    /// <summary>Region × CDN edges (the night simulates each one).</summary>
    public const int MaxEdges = 100;
    /// <summary>Matches in the whole tournament.</summary>
    public const int MaxMatches = 5_000;
    public const int MaxFaults = 100, MaxRules = 50;

    private const double Minute = 60, Hour = 3600, Day = 86400;
    private const double Kbps = 1e3, Mbps = 1e6, Gbps = 1e9, Tbps = 1e12, Pbps = 1e15;
    /// <summary>A match day: no phase, no match and no runbook delay is longer.</summary>
    private const double MatchDay = 24 * Hour;
    private const double Year = 366 * Day;
    private static readonly Bounds Fraction = Bounds.Between(0, 1);
    private static readonly Bounds PositiveFraction = Bounds.Above(0, 1);
    // Figures that others are divided by start where they still mean something (a viewer, 1 kbps, one request a
    // second, 1% utilization, a second): "above zero" let 1e-300 through, and its quotients overflowed.
    private static readonly Bounds Viewers = Bounds.Between(1, WorldPopulation);
    private static readonly Bounds ViewerBitrate = Bounds.Above(0, 1 * Gbps);
    private static readonly Bounds LinkCapacity = Bounds.Between(1 * Kbps, 100 * Pbps);
    private static readonly Bounds ServerBitrate = Bounds.Above(0, 1 * Tbps);
    private static readonly Bounds Objective = Bounds.Above(0, 10 * Minute);
    private static readonly Bounds RoundTrip = Bounds.Above(0, 10);

    /// <summary>
    /// Reads a scenario from a file's bytes: UTF-8 (a byte-order mark is skipped), at most
    /// <see cref="InputGuard.MaxFileBytes"/>; anything else is a located error, never an exception.
    /// </summary>
    public static ReadResult Read(ReadOnlySpan<byte> bytes, string file)
    {
        var (text, error) = InputGuard.Decode(bytes, file);
        return error is not null ? new ReadResult(null, [error]) : Read(text!, file);
    }

    /// <summary>Reads a scenario from YAML text; <paramref name="file"/> names it in error messages.</summary>
    public static ReadResult Read(string yaml, string file) => Read(yaml, file, []);

    /// <summary>
    /// Reads a scenario with <paramref name="overrides"/> (<c>--set</c>) put in place first, so they are validated as the
    /// file is; an error about an overridden field names the override.
    /// </summary>
    public static ReadResult Read(string yaml, string file, IReadOnlyList<Override> overrides)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(overrides);
        if (InputGuard.CheckText(yaml, file) is { } bad) return new ReadResult(null, [bad]);
        var ctx = new ReadContext(file, schemaMode: false);
        YamlMappingNode root;
        try
        {
            // Limits first, in one streaming pass: nothing is built from a file that breaks them.
            if (InputGuard.CheckYaml(yaml, file) is { } limit) return new ReadResult(null, [limit]);
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode m)
            {
                var mark = stream.Documents.Count == 0 ? Mark.Empty : stream.Documents[0].RootNode.Start;
                return new ReadResult(null, [new ScenarioError(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column), "(document)", "expected a mapping of scenario sections (name, tournament, audience, ...)")]);
            }
            root = m;
        }
        catch (Exception e) when (e is not YamlException && InputGuard.IsParserFault(e))
        {
            return new ReadResult(null, [new ScenarioError(file, 1, 1, "(syntax)", "malformed YAML the parser could not read")]);
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            if (message.StartsWith('(')) message = message[(message.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            var (line, column) = (Math.Max(1, (int)e.Start.Line), Math.Max(1, (int)e.Start.Column));
            // YamlDotNet places a tab in the indentation at the start of the mapping it was scanning: point at the tab.
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstIndentingTab(yaml) is { } tab) (line, column) = tab;
            return new ReadResult(null, [new ScenarioError(file, line, column, "(syntax)", "malformed YAML: " + message)]);
        }
        var applied = Overrides.Apply(root, overrides, ctx.Errors);
        var scenario = ReadScenario(new MapReader(root, "", ctx, new JsonObject()));
        return ctx.Errors.Count == 0
            ? new ReadResult(scenario with { Source = new SourceMap(file, ctx.Locations, Overridden(applied)) }, [])
            : new ReadResult(null, [.. ctx.Errors.Select(e => Overrides.Relocate(e, applied))]);
    }

    /// <summary>The field each override wrote, with the override (the last one wins, as it does in the tree).</summary>
    private static Dictionary<string, string> Overridden(ImmutableArray<Overrides.Applied> applied)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in applied) map[a.Field.Length == 0 ? a.Override.Path : a.Field] = a.Override.ToString();
        return map;
    }

    /// <summary>The JSON Schema (draft 2020-12) of the scenario format, for editors' YAML validation and completion.</summary>
    public static string JsonSchema()
    {
        var ctx = new ReadContext("(schema)", schemaMode: true);
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://matchday.dev/schema/scenario.json",
            ["title"] = "Matchday scenario",
        };
        var reader = new MapReader(new YamlMappingNode(), "", ctx, schema, "A live-streaming event: audience, ladder, delivery, prices, SLOs and the figures reported afterwards.");
        ReadScenario(reader);
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string? PositiveCount(double x) => x > 0 ? null : "must be a positive count, e.g. 1.68B";
    private static string? AudienceCount(double x) => x <= 0 ? "must be a positive count, e.g. 400M" : x > WorldPopulation ? $"is more than the world's population ({Kinds.CountText(WorldPopulation)})" : null;

    /// <summary>A whole count from 1 (or 0) to <paramref name="max"/>.</summary>
    private static int Int(MapReader r, string key, int fallback, string description = "", double max = 1e6, bool allowZero = false, string? example = null) =>
        (int)r.Req(key, Kinds.Count, fallback, description,
            x => x < (allowZero ? 0 : 1) ? (allowZero ? "must not be negative" : "must be a positive count") : x != Math.Floor(x) ? "must be a whole number" : null,
            Bounds.Between(allowZero ? 0 : 1, max), example);

    private static int? OptInt(MapReader r, string key, string description, double max, string? example = null) =>
        r.Opt(key, Kinds.Count, description, x => x < 1 ? "must be a positive count" : x != Math.Floor(x) ? "must be a whole number" : null, Bounds.Between(1, max), example) is { } v ? (int)v : null;

    private static Scenario ReadScenario(MapReader r)
    {
        var name = r.ReqName("name", "scenario", "A short identifier for the event.", example: "worldcup-2022");
        var description = r.OptName("description", "What the event is.", maxLength: 2_000) ?? "";
        var tournament = ReadTournament(r.Map("tournament", description: "Length, stages with their matches and audiences, match-day timeline."));
        var audience = ReadAudience(r.Map("audience", description: "Device profiles and network-condition classes."));
        var regions = ReadRegions(r);
        var ladder = ReadLadder(r.Map("ladder", description: "The bitrate ladder every input is encoded to."));
        var delivery = ReadDelivery(r.Map("delivery", description: "Segments, edge servers, headroom and CDN providers."));
        var origins = ReadOrigins(r.Map("origins", description: "The origin fleet behind the CDNs."));
        var encoding = ReadEncoding(r.Map("encoding", description: "Live encoders."));
        var services = ReadServices(r.Map("services", description: "Platform services and their per-viewer load."));
        var storage = ReadStorage(r.Map("storage", description: "Retention of recordings."));
        var prices = ReadPrices(r.Map("prices", description: "Unit prices in US dollars."));
        var slos = ReadSlos(r.Map("slos", description: "Service-level objectives."));
        var failover = ReadFailover(r.Map("failover", description: "GSLB, DNS and the DR topology of origin regions."));
        var autoscaling = ReadAutoscaling(r.Map("autoscaling", description: "The origin HPA (Kubernetes autoscaling/v2)."));
        var reported = ReadReported(r.Map("reported", required: false, description: "Figures reported for a past event, checked by the audit."));
        var viewers = ReadViewers(r.Map("viewers", required: false, description: "How viewers react when the stream fails them; the simulator's sourced defaults for what is absent (docs/simulation.md)."));
        var runbook = ReadRunbook(r);
        var alerts = ReadAlerts(r);
        var faults = r.LocatedScalars("faults", "Faults for every simulated match, e.g. \"cdn-outage provider=akamai region=eu at=67m for=10m\" (see docs/grammar.md).", maxItems: MaxFaults, what: "fault", example: "cdn-outage provider=akamai at=67m for=10m");
        r.End();

        var scenario = new Scenario
        {
            Name = name, Description = description, Tournament = tournament, Audience = audience, Regions = regions,
            Ladder = ladder, Delivery = delivery, Origins = origins, Encoding = encoding, Services = services,
            Storage = storage, Prices = prices, Slos = slos, Failover = failover, Autoscaling = autoscaling, Reported = reported,
        };
        scenario = CrossCheck(scenario with { Viewers = viewers }, r);
        // Faults and rules name CDNs, regions, rungs and autoscalers: read them against the scenario they belong to.
        var names = ScenarioNames.Of(scenario);
        return scenario with
        {
            Faults = [.. faults.Select(f => ReadFault(r, f, names)).OfType<Located<FaultSpec>>()],
            Runbook = [.. runbook.Select(x => x.Read(names)).OfType<RunbookRule>()],
            Alerts = alerts,
        };
    }

    private static Tournament ReadTournament(MapReader? r)
    {
        var empty = new Tournament { Length = Duration.Zero, Stages = [], Timeline = [], MatchBroadcast = Duration.Zero };
        if (r is null) return empty;
        var length = r.Req("length", Kinds.Duration, Duration.Zero, "How long the tournament lasts, e.g. 29 d.", bounds: Bounds.Above(0, Year), example: "29 d");
        var broadcast = r.Req("match_broadcast", Kinds.Duration, Duration.Zero, "How long each match occupies encoders, pre- and post-show included.", bounds: Bounds.Above(0, MatchDay), example: "2.5 h");
        var stages = r.List("stages", description: "Stages in order, each with its number of matches and peak concurrent audience.", maxItems: MaxStages).Select(s =>
        {
            var stage = new Stage(
                s.ReqName("name", "?", "Stage name, used by --match (e.g. final).", example: "final"),
                Int(s, "matches", 0, "Matches played in this stage.", max: MaxMatches, example: "48"),
                ViewerCount.Of(s.Req("peak_viewers", Kinds.Count, 0, "Peak concurrent viewers of one match of this stage.", x => x <= 0 ? "must be a positive count, e.g. 1.68B" : x > WorldPopulation ? $"is more than the world's population ({Kinds.CountText(WorldPopulation)})" : null, Viewers, "1.68B")));
            s.End();
            return stage;
        }).ToImmutableArray();
        var timeline = r.List("timeline", description: "Match-day phases in order; the audience is a share of the peak, linear from 'from' to 'to'.", maxItems: MaxPhases).Select(p =>
        {
            var phase = new Phase(
                p.ReqName("phase", "?", "Phase name.", example: "first-half"),
                p.Req("length", Kinds.Duration, Duration.Zero, "Phase length.", bounds: Bounds.Above(0, MatchDay), example: "45 min"),
                p.Req("from", Kinds.Percent, Ratio.Zero, "Audience at the start, as a share of peak.", bounds: Fraction, example: "80%"),
                p.Req("to", Kinds.Percent, Ratio.Zero, "Audience at the end, as a share of peak.", bounds: Fraction, example: "95%"),
                p.ScalarList("stages", Kinds.Name, false, "Only these stages have the phase (e.g. extra time in knockouts); all when absent.", maxItems: MaxStages, example: "final"));
            var written = p.OneOf("kind", PhaseKind.Play, required: false, description: "pre, play, break or post; when absent, inferred from the name: pre-… and post-… are pre and post, half-time, break and interval are breaks, the rest is play.");
            var kind = p.Has("kind") ? written : InferPhaseKind(phase.Name);
            p.End();
            return phase with { Kind = kind };
        }).ToImmutableArray();
        var start = r.Opt("start", Kinds.Date, "The tournament's first day (YYYY-MM-DD); with it, 95th-percentile CDN bills are per calendar month.",
            bounds: Bounds.Between(new DateOnly(1990, 1, 1).DayNumber, new DateOnly(2100, 12, 31).DayNumber), example: "2022-11-20");
        r.End();
        foreach (var dup in stages.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error("stages", $"stage '{dup.Key}' is listed {dup.Count()} times");
        for (var i = 0; i < timeline.Length; i++)
        {
            foreach (var s in timeline[i].Stages.Where(s => !stages.Any(st => string.Equals(st.Name, s, StringComparison.OrdinalIgnoreCase))))
                r.Error("timeline", $"phase '{timeline[i].Name}' names stage '{s}', which is not among the stages ({string.Join(", ", stages.Select(x => x.Name))})");
        }
        var t = new Tournament { Length = length, Stages = stages, Timeline = timeline, MatchBroadcast = broadcast, Start = start };
        if (stages.Sum(s => (long)s.Matches) > MaxMatches) r.Error("stages", $"{stages.Sum(s => (long)s.Matches):N0} matches in all; a tournament has at most {MaxMatches:N0}");
        foreach (var s in stages.Where(s => t.MatchLength(s.Name).Seconds > MatchDay))
            r.Error("timeline", $"the {s.Name}'s phases last {t.MatchLength(s.Name)}; a match day is at most 24 h");
        if (length.Seconds > 0 && broadcast > length) r.Error("match_broadcast", $"is longer than the tournament ({length})");
        return t;
    }

    /// <summary>Line and column of the first tab in a line's indentation, if any.</summary>
    private static (int Line, int Column)? FirstIndentingTab(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var spaces = lines[i].Length - lines[i].TrimStart(' ').Length;
            if (spaces < lines[i].Length && lines[i][spaces] == '\t') return (i + 1, spaces + 1);
        }
        return null;
    }

    /// <summary>A phase's kind from its name, when the file does not say (documented with the field).</summary>
    private static PhaseKind InferPhaseKind(string name)
    {
        var n = name.ToLowerInvariant();
        if (n.StartsWith("pre", StringComparison.Ordinal)) return PhaseKind.Pre;
        if (n.StartsWith("post", StringComparison.Ordinal)) return PhaseKind.Post;
        if (n.Contains("half-time", StringComparison.Ordinal) || n.Contains("halftime", StringComparison.Ordinal) || n.Contains("break", StringComparison.Ordinal) || n.Contains("interval", StringComparison.Ordinal)) return PhaseKind.Break;
        return PhaseKind.Play;
    }

    private static Audience ReadAudience(MapReader? r)
    {
        if (r is null) return new Audience { Devices = [], Networks = [] };
        var errorsBefore = r.ErrorCount;
        var devices = r.List("devices", description: "Device/bitrate profiles with their share of viewers.", maxItems: MaxDevices).Select(d =>
        {
            var x = new DeviceProfile(
                d.ReqName("name", "?", example: "mobile"),
                d.Req("bitrate", Kinds.Bitrate, Bitrate.Zero, "Bitrate a viewer of this profile pulls.", bounds: ViewerBitrate, example: "2.4 Mbps"),
                d.Req("share", Kinds.Percent, Ratio.Zero, "Share of viewers.", bounds: Fraction, example: "35%"))
            {
                Player = d.OptOneOf("player", PlayerKindWords.All, "The player software these viewers run; `matchday players` simulates its ABR."),
            };
            d.End();
            return x;
        }).ToImmutableArray();
        // Each share may be 0%, but not all of them: the mix is scaled to 100%, which cannot be done from nothing.
        // Checked only when every share was read (a missing or bad one is already an error, and reads as 0%).
        if (r.ErrorCount == errorsBefore && !devices.IsEmpty && devices.All(d => d.Share.Value <= 0))
            r.Error("devices", "every device profile's share is 0%: at least one must be above 0");
        errorsBefore = r.ErrorCount;
        var networks = r.List("networks", description: "Network-condition classes, their throughput range and the rungs ABR offers them.", maxItems: MaxNetworks).Select(n =>
        {
            var x = new NetworkClass(
                n.ReqName("name", "?", example: "good"),
                n.Req("min_throughput", Kinds.Bitrate, Bitrate.Zero, "Lowest throughput of the class.", bounds: Bounds.Between(0, 10 * Gbps), example: "5 Mbps"),
                n.Opt("max_throughput", Kinds.Bitrate, "Highest throughput of the class (open-ended when absent).", bounds: Bounds.Above(0, 10 * Gbps), example: "20 Mbps"),
                n.Req("share", Kinds.Percent, Ratio.Zero, "Share of viewers.", bounds: Fraction, example: "45%"),
                n.ReqName("default_rung", "?", "The rung a player in this class starts on.", example: "720p"),
                n.ScalarList("rungs", Kinds.Name, true, "The rungs recommended for this class.", maxItems: MaxRungs, example: "720p"))
            {
                Rtt = n.Opt("rtt", Kinds.Duration, "Median round trip from such a viewer to the nearest edge (30 ms when absent).", bounds: RoundTrip, example: "30 ms"),
                RttP95 = n.Opt("rtt_p95", Kinds.Duration, "95th-percentile round trip (three times the median when absent).", bounds: RoundTrip, example: "90 ms"),
                Variability = n.Opt("variability", Kinds.Number, "Coefficient of variation of a viewer's throughput over the session, for the simulated players (0.5 when absent).", bounds: Bounds.Between(0, 5), example: "0.44"),
                CorrelationTime = n.Opt("correlation_time", Kinds.Duration, "How long a swing of a viewer's throughput lasts, for the simulated players (5 s when absent).", bounds: Bounds.Above(0, 86_400), example: "0.5 s"),
            };
            if (x.MaxThroughput is { } max && max <= x.MinThroughput) n.Error("max_throughput", $"must be above min_throughput ({x.MinThroughput})");
            if (x.Rtt is { } median && x.RttP95 is { } p95 && p95 < median) n.Error("rtt_p95", $"must be at least the median rtt ({median})");
            n.End();
            return x;
        }).ToImmutableArray();
        if (r.ErrorCount == errorsBefore && !networks.IsEmpty && networks.All(n => n.Share.Value <= 0))
            r.Error("networks", "every network class's share is 0%: at least one must be above 0");
        r.End();
        return new Audience { Devices = devices, Networks = networks };
    }

    private static ImmutableArray<Region> ReadRegions(MapReader r) =>
        r.List("regions", description: "Delivery regions: audience (viewers or share) and CDN edge capacity.", maxItems: MaxRegions).Select(g =>
        {
            var viewers = g.Opt("viewers", Kinds.Count, "Declared peak audience of the region.", AudienceCount, Viewers, "400M");
            var share = g.Opt("share", Kinds.Percent, "Share of the audience (instead of viewers).", bounds: PositiveFraction, example: "20%");
            var region = new Region
            {
                Name = g.ReqName("name", "?", example: "europe"),
                Code = g.OptName("code", "A short code for the region, e.g. eu (fault specs may use it)."),
                Viewers = viewers is { } v ? ViewerCount.Of(v) : null,
                Share = share,
                EdgeServers = Int(g, "edge_servers", 0, "Edge servers deployed in the region.", max: 10_000_000, example: "180"),
                Capacity = g.Req("capacity", Kinds.Bitrate, Bitrate.Zero, "Edge capacity deployed in the region.", bounds: LinkCapacity, example: "920 Gbps"),
                Rtt = g.Opt("rtt", Kinds.Duration, "Round trip its viewers' edges add to their access round trip (0 when absent).", bounds: Bounds.Between(0, 2), example: "40 ms"),
                Population = g.Opt("population", Kinds.Count, "People living in the region: no audience of it exceeds this.", AudienceCount, Viewers, "750M") is { } pop ? ViewerCount.Of(pop) : null,
                Subscribers = g.Opt("subscribers", Kinds.Count, "The service's subscribers in the region: its audience cannot exceed them.", AudienceCount, Viewers, "40M") is { } sub ? ViewerCount.Of(sub) : null,
            };
            if (viewers is null && share is null && !g.Has("viewers") && !g.Has("share")) g.Error("name", "needs either 'viewers' (e.g. 400M) or 'share' (e.g. 20%)");
            if (g.Has("viewers") && g.Has("share")) g.Error("share", "give either 'viewers' or 'share', not both");
            g.End();
            return region;
        }).ToImmutableArray();

    private static Ladder ReadLadder(MapReader? r)
    {
        if (r is null) return new Ladder(Codec.H264, []);
        var codec = r.OneOf("codec", Codec.H264, description: "Codec of the ladder.");
        var rungs = r.List("rungs", description: "Rungs from lowest to highest bitrate.", maxItems: MaxRungs).Select(x =>
        {
            var rung = new Rung(
                x.ReqName("name", "?", "Rung name, e.g. 720p.", example: "720p"),
                x.Req("bitrate", Kinds.Bitrate, Bitrate.Zero, "Video bitrate of the rung.", bounds: ViewerBitrate, example: "2.4 Mbps"),
                x.Req("encode_cost", Kinds.Number, 0, "CPU units to encode one input stream at this rung.", bounds: Bounds.Above(0, 1_000), example: "2"));
            x.End();
            return rung;
        }).ToImmutableArray();
        r.End();
        // Networks, cap-quality and --set name rungs: one name, one rung.
        foreach (var dup in rungs.Where(x => x.Name != "?").GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error("rungs", $"rung '{dup.Key}' is listed {dup.Count()} times");
        for (var i = 1; i < rungs.Length; i++)
        {
            if (rungs[i].Bitrate <= rungs[i - 1].Bitrate && rungs[i].Bitrate.BitsPerSecond > 0)
                r.Error("rungs", $"rungs must rise in bitrate: {rungs[i].Name} ({rungs[i].Bitrate}) is not above {rungs[i - 1].Name} ({rungs[i - 1].Bitrate})");
        }
        return new Ladder(codec, rungs);
    }

    private static readonly Bounds PerGb = Bounds.Between(0, 100);

    private static ImmutableArray<PriceTier> ReadTiers(MapReader r, string key, bool required, string description)
    {
        if (r.Schema)
        {
            r.DescribeScalarOrList(key, Kinds.DataPrice, required, description, t => ReadTier(t), PerGb, "$0.085/GB");
            return [];
        }
        // Either a single price ("$0.085/GB") or a list of tiers.
        if (!r.Has(key) || r.Has(key) && IsScalar(r, key))
        {
            var flat = required
                ? r.Req(key, Kinds.DataPrice, new DataPrice(Money.Zero), description, bounds: PerGb)
                : r.Opt(key, Kinds.DataPrice, description, bounds: PerGb);
            return flat is { } price ? [new PriceTier(null, price)] : [];
        }
        var tiers = r.List(key, required, description, maxItems: 20).Select(ReadTier).ToImmutableArray();
        for (var i = 0; i < tiers.Length; i++)
        {
            if (i < tiers.Length - 1 && tiers[i].UpTo is null) r.Error(key, $"tier {i + 1} needs 'up_to': only the last tier is open-ended");
            if (i > 0 && tiers[i].UpTo is { } up && tiers[i - 1].UpTo is { } prev && up <= prev) r.Error(key, $"tier {i + 1}'s up_to must be above tier {i}'s");
        }
        if (tiers.Length > 0 && tiers[^1].UpTo is not null) r.Error(key, "the last tier must have no 'up_to' (it covers all remaining traffic)");
        return tiers;
    }

    private static bool IsScalar(MapReader r, string key) => r.ScalarProbe(key);

    private static PriceTier ReadTier(MapReader t)
    {
        var upTo = t.Opt("up_to", Kinds.DataSize, "Traffic this tier covers up to (absent on the last tier).", bounds: Bounds.Above(0, 1e20), example: "10 PB");
        var tier = new PriceTier(upTo, t.Req("price", Kinds.DataPrice, new DataPrice(Money.Zero), "Price per GB in this tier.", bounds: PerGb, example: "$0.085/GB"));
        t.End();
        return tier;
    }

    private static Delivery ReadDelivery(MapReader? r)
    {
        if (r is null) return new Delivery { SegmentDuration = Duration.Zero, PlaylistRefresh = Duration.Zero, ServerCapacity = Bitrate.Zero, TargetUtilization = Ratio.One, HeadroomBuffer = Ratio.Zero, Cdns = [] };
        var d = new Delivery
        {
            SegmentDuration = r.Req("segment_duration", Kinds.Duration, Duration.FromSeconds(6), "Media segment duration.", bounds: Bounds.Between(0.1, 60), example: "6 s"),
            PlaylistRefresh = r.Req("playlist_refresh", Kinds.Duration, Duration.FromSeconds(6), "How often a live player reloads its playlist.", bounds: Bounds.Between(0.1, 10 * Minute), example: "6 s"),
            ServerCapacity = r.Req("server_capacity", Kinds.Bitrate, Bitrate.Zero, "Egress capacity of one edge server.", bounds: ServerBitrate, example: "40 Gbps"),
            TargetUtilization = r.Req("target_utilization", Kinds.Percent, Ratio.One, "Share of a server's capacity planned for use.", bounds: Bounds.Between(0.01, 1), example: "80%"),
            ServerRequests = r.Opt("server_requests", Kinds.Rate, "Requests one edge server answers per second (50k/s when absent).", bounds: Bounds.Between(1, 10e6), example: "50k/s") ?? Rate.FromPerSecond(50_000),
            ServerWorkers = OptInt(r, "server_workers", "Requests one edge server works on at once, its cores (32 when absent).", 4096, "32"),
            ShieldRtt = r.Opt("shield_rtt", Kinds.Duration, "Round trip from an edge to its shield, paid on a cache miss (20 ms when absent).", bounds: RoundTrip, example: "20 ms"),
            OriginRtt = r.Opt("origin_rtt", Kinds.Duration, "Round trip from a shield to the origin, paid on a shield miss (60 ms when absent).", bounds: RoundTrip, example: "60 ms"),
            LiveWindow = r.Opt("live_window", Kinds.Duration, "How far behind the live edge the live playlist still lists segments (its sliding window, DASH's timeShiftBufferDepth); a player that falls further behind jumps to the live edge. Absent: the whole event stays listed (a DVR window).", bounds: Bounds.Above(0, Day), example: "2 min"),
            HeadroomBuffer = r.Req("headroom_buffer", Kinds.Percent, Ratio.Zero, "Extra capacity on top of the peak for redundancy and spikes.", bounds: Bounds.Between(0, 10), example: "25%"),
            Cdns = r.List("cdns", description: "CDN providers and their traffic split.", maxItems: MaxCdns).Select(c =>
            {
                var cdn = new Cdn
                {
                    Name = c.ReqName("name", "?", example: "akamai"),
                    Tier = c.OneOf("tier", CdnTier.Primary, description: "Role in the GSLB: primary, secondary or backup."),
                    Traffic = c.Req("traffic", Kinds.Percent, Ratio.Zero, "Share of traffic the GSLB sends to this CDN.", bounds: Fraction, example: "42.5%"),
                    Pops = Int(c, "pops", 1, "Points of presence.", max: 100_000, example: "300"),
                    Shields = Int(c, "shields", 0, "Shield (mid-tier) caches fetching from the origin; 0 means every PoP fetches.", max: 10_000, allowZero: true, example: "20"),
                    CacheHitRatio = c.Opt("cache_hit_ratio", Kinds.Percent, "Cache hit ratio the CDN claims.", bounds: Fraction, example: "98%"),
                    Pricing = ReadCdnPricing(c.Map("pricing", required: false, description: "This CDN's own pricing; the global cdn price when absent.")),
                    Committed = c.Dictionary("committed", Kinds.Bitrate, "Capacity the CDN has committed in each delivery region (region name or code: capacity); N−1 is checked against it.", LinkCapacity, maxItems: MaxRegions, example: "400 Gbps"),
                };
                c.End();
                return cdn;
            }).ToImmutableArray(),
        };
        // RFC 8216 section 6.2.2: a server must not shorten a live playlist below three target durations.
        if (d.LiveWindow is { } window && d.SegmentDuration.Seconds > 0 && window.Seconds < 3 * d.SegmentDuration.Seconds * (1 - 1e-9))
            r.Error("live_window", $"must hold at least three segments ({Duration.FromSeconds(3 * d.SegmentDuration.Seconds)}): a live playlist may not be shorter than three target durations (RFC 8216, section 6.2.2)");
        r.End();
        return d;
    }

    private static CdnPricing? ReadCdnPricing(MapReader? r)
    {
        if (r is null) return null;
        var tiers = ReadTiers(r, "per_gb", false, "Per-GB price, or a list of tiers {up_to, price}.");
        var p95 = r.Opt("p95", Kinds.BitratePrice, "95th-percentile billing: price per Mbps-month of the billed rate.", bounds: Bounds.Between(0, 1_000), example: "$0.50/Mbps-month");
        var period = r.Opt("commit_period", Kinds.Duration, "Billing period of the 95th percentile: calendar months when tournament.start is given, else 30 d.", bounds: Bounds.Between(Day, Year), example: "30 d");
        if (tiers.IsDefaultOrEmpty && p95 is null)
            r.Error("per_gb", r.Has("per_gb")
                ? "is empty: expected a price per GB (\"$0.085/GB\") or a list of tiers {up_to, price}; or give 'p95' instead"
                : "pricing needs 'per_gb' or 'p95'");
        if (!tiers.IsDefaultOrEmpty && p95 is not null) r.Error("p95", "give either 'per_gb' or 'p95', not both");
        r.End();
        return new CdnPricing { Tiers = tiers.IsDefault ? [] : tiers, Percentile95 = p95, CommitPeriod = period ?? Duration.FromDays(30), CommitPeriodGiven = period is not null };
    }

    private static Origins ReadOrigins(MapReader? r)
    {
        if (r is null) return new Origins(0, Bitrate.Zero, Ratio.Zero, Rate.Zero);
        var o = new Origins(
            Int(r, "count", 0, "Origin servers.", max: 100_000, example: "50"),
            r.Req("capacity", Kinds.Bitrate, Bitrate.Zero, "Egress capacity of one origin server.", bounds: ServerBitrate, example: "40 Gbps"),
            r.Req("assumed_hit_ratio", Kinds.Percent, Ratio.Zero, "The fixed CDN hit ratio the planners assumed.", bounds: Fraction, example: "97.3%"),
            r.Req("requests_per_server", Kinds.Rate, Rate.Zero, "Requests per second one origin server serves.", bounds: Bounds.Between(1, 10e6), example: "20k/s"));
        r.End();
        return o;
    }

    private static Encoding ReadEncoding(MapReader? r)
    {
        if (r is null) return new Encoding { InputStreams = 0, VcpusPerInstance = 0, GpuCpuUnitsPerInstance = 0, Encoder = EncoderKind.Cpu, Codecs = [] };
        var e = new Encoding
        {
            InputStreams = Int(r, "input_streams", 0, "Concurrent input streams (feeds) to encode.", max: 1_000, example: "50"),
            VcpusPerInstance = Int(r, "vcpus_per_instance", 0, "vCPUs per CPU encoding instance.", max: 1_024, example: "32"),
            GpuCpuUnitsPerInstance = r.Req("gpu_cpu_units_per_instance", Kinds.Number, 0, "CPU units one GPU instance replaces.", bounds: Bounds.Above(0, 10_000), example: "32"),
            Encoder = r.OneOf("encoder", EncoderKind.Cpu, description: "The encoder fleet the cost plan uses."),
            Autoscaler = r.OptName("autoscaler", "The name of the encoder fleet's autoscaler, for runbook actions (e.g. encoding-hpa)."),
            Codecs = r.List("codecs", required: false, description: "Alternative codecs and their bitrate saving at equal quality.", maxItems: 10).Select(c =>
            {
                var x = new CodecSaving(c.OneOf("codec", Codec.Hevc, description: "An alternative codec."), c.Req("saving", Kinds.Percent, Ratio.Zero, "Bitrate saved.", bounds: new Bounds(0, 1, BelowMax: true), example: "35%"));
                c.End();
                return x;
            }).ToImmutableArray(),
            Pipelines = OptInt(r, "pipelines", "Encoding pipelines per input: 2 for 1+1 redundancy (a hot standby of each); 1 when absent.", 4, "2") ?? 1,
        };
        r.End();
        return e;
    }

    private static PlatformServices ReadServices(MapReader? r)
    {
        var auth = r?.Map("auth", description: "Token service.");
        var session = r?.Map("session_store", description: "Session store (e.g. Redis).");
        var beacons = r?.Map("qoe_beacons", description: "QoE beacons through the event bus (e.g. Kafka).");
        var logs = r?.Map("logs", description: "Access logs (e.g. Elasticsearch).");
        var metrics = r?.Map("metrics", description: "Metric series (e.g. Prometheus).");
        var s = new PlatformServices
        {
            AuthValidationsPerJoin = auth is null ? 1 : Int(auth, "validations_per_join", 1, "Token validations per join.", max: 100, example: "2"),
            TokenRefresh = auth?.Req("token_refresh", Kinds.Duration, Duration.FromMinutes(10), "How often a watching viewer's token is revalidated.", bounds: Bounds.Between(1, 30 * Day), example: "10 min") ?? Duration.FromMinutes(10),
            AuthCapacity = auth?.Req("capacity", Kinds.Rate, Rate.Zero, "Validations per second the auth service sustains.", bounds: Bounds.Between(1, 10e9), example: "200k/s") ?? Rate.Zero,
            SessionSize = session?.Req("session_size", Kinds.DataSize, DataSize.Zero, "Memory per session.", bounds: Bounds.Above(0, 1e9), example: "1 KB") ?? DataSize.Zero,
            SessionReplicas = session is null ? 1 : Int(session, "replicas", 1, "Copies of each session (primary + replicas).", max: 10, example: "2"),
            BeaconInterval = beacons?.Req("interval", Kinds.Duration, Duration.FromSeconds(10), "Beacon interval per player.", bounds: Bounds.Between(0.1, Hour), example: "10 s") ?? Duration.FromSeconds(10),
            BeaconSize = beacons?.Req("event_size", Kinds.DataSize, DataSize.Zero, "Size of one beacon event.", bounds: Bounds.Above(0, 1e6), example: "500 B") ?? DataSize.Zero,
            PartitionThroughput = beacons?.Req("partition_throughput", Kinds.Bitrate, Bitrate.Zero, "Throughput budget of one event-bus partition.", bounds: Bounds.Above(0, 100 * Gbps), example: "10 Mbps") ?? Bitrate.Zero,
            LogLineSize = logs?.Req("line_size", Kinds.DataSize, DataSize.Zero, "Size of one access-log line.", bounds: Bounds.Above(0, 1e6), example: "400 B") ?? DataSize.Zero,
            LogSampling = logs?.Req("sampling", Kinds.Percent, Ratio.One, "Share of requests logged.", bounds: Fraction, example: "1%") ?? Ratio.One,
            SeriesPerServer = metrics is null ? 0 : Int(metrics, "series_per_server", 0, "Metric series per edge/origin server.", max: 1_000_000, example: "300"),
            SeriesPerRegionCdn = metrics is null ? 0 : Int(metrics, "series_per_region_cdn", 0, "Metric series per region x CDN pair.", max: 10_000_000, example: "2,000"),
        };
        auth?.End(); session?.End(); beacons?.End(); logs?.End(); metrics?.End(); r?.End();
        return s;
    }

    private static Storage ReadStorage(MapReader? r)
    {
        if (r is null) return new Storage(Duration.Zero, Duration.Zero);
        var retention = Bounds.Between(0, 10 * Year);
        var s = new Storage(
            r.Req("standard_retention", Kinds.Duration, Duration.Zero, "How long recordings stay in standard storage.", bounds: retention, example: "30 d"),
            r.Req("archive_retention", Kinds.Duration, Duration.Zero, "How long they then stay in the archive.", bounds: retention, example: "365 d"));
        r.End();
        return s;
    }

    private static Prices ReadPrices(MapReader? r)
    {
        if (r is null) return new Prices { CdnTiers = [], GpuInstance = default, CpuInstance = default, Standard = default, Archive = default, OriginTransfer = default, LoadBalancer = default, LoadBalancers = 0, LogIngest = default, MetricSeriesMonth = default };
        var hourly = Bounds.Between(0, 1_000);
        var monthly = Bounds.Between(0, 10);
        var p = new Prices
        {
            CdnTiers = ReadTiers(r, "cdn", true, "CDN delivery price per GB, or a list of tiers {up_to, price}."),
            GpuInstance = r.Req("gpu_instance", Kinds.HourlyPrice, default, "GPU encoding instance.", bounds: hourly, example: "$1.35/h"),
            CpuInstance = r.Req("cpu_instance", Kinds.HourlyPrice, default, "CPU instance (encoders, origins).", bounds: hourly, example: "$0.096/h"),
            Standard = r.Req("storage", Kinds.StoragePrice, default, "Standard object storage.", bounds: monthly, example: "$0.023/GB-month"),
            Archive = r.Req("archive", Kinds.StoragePrice, default, "Archive storage.", bounds: monthly, example: "$0.0036/GB-month"),
            OriginTransfer = r.Req("origin_transfer", Kinds.DataPrice, default, "Origin-to-CDN data transfer.", bounds: PerGb, example: "$0.09/GB"),
            LoadBalancer = r.Req("load_balancer", Kinds.HourlyPrice, default, "One load balancer.", bounds: hourly, example: "$0.0225/h"),
            LoadBalancers = Int(r, "load_balancers", 0, "Load balancers running through the tournament.", max: 10_000, allowZero: true, example: "20"),
            LogIngest = r.Req("log_ingest", Kinds.DataPrice, default, "Log ingestion and indexing.", bounds: PerGb, example: "$0.50/GB"),
            MetricSeriesMonth = r.Req("metric_series_month", Kinds.Money, default, "One active metric series for a month.", bounds: Bounds.Between(0, 100), example: "$0.003"),
            EdgeServer = r.Opt("edge_server", Kinds.HourlyPrice, "An edge server reserved for the tournament, to price the headroom N−1 needs.", bounds: hourly, example: "$0.50/h"),
        };
        r.End();
        return p;
    }

    private static Slos ReadSlos(MapReader? r)
    {
        if (r is null) return new Slos { Availability = Ratio.One, Window = Duration.FromDays(30), LatencyP95 = default, LatencyP99 = default, StartupP95 = default, RebufferingRatio = default, SwitchesPerMinute = default, CapacityViewers = default, CapacityBandwidth = default, CapacityHitRatio = default };
        var cap = r.Map("capacity", description: "Capacity objectives.");
        var s = new Slos
        {
            Availability = r.Req("availability", Kinds.Percent, Ratio.One, "Availability target.", bounds: new Bounds(0, 1, AboveMin: true, BelowMax: true), example: "99.95%"),
            Window = r.Req("window", Kinds.Duration, Duration.FromDays(30), "Error-budget window.", bounds: Bounds.Above(0, Year), example: "30 d"),
            LatencyP95 = r.Req("latency_p95", Kinds.Duration, default, "p95 latency target.", bounds: Objective, example: "150 ms"),
            LatencyP99 = r.Req("latency_p99", Kinds.Duration, default, "p99 latency target.", bounds: Objective, example: "300 ms"),
            StartupP95 = r.Req("startup_p95", Kinds.Duration, default, "p95 time to first frame.", bounds: Objective, example: "2 s"),
            RebufferingRatio = r.Req("rebuffering_ratio", Kinds.Percent, default, "Maximum share of watch time spent rebuffering.", bounds: Fraction, example: "1%"),
            SwitchesPerMinute = r.Req("switches_per_minute", Kinds.Rate, default, "Maximum quality switches per viewer per minute.", bounds: Bounds.Between(0, 1), example: "0.05/min"),
            CapacityViewers = ViewerCount.Of(cap?.Req("viewers", Kinds.Count, 0, "Concurrent viewers the platform must hold.", PositiveCount, Viewers, "1.8B") ?? 0),
            CapacityBandwidth = cap?.Req("bandwidth", Kinds.Bitrate, Bitrate.Zero, "Total egress the platform must hold.", bounds: LinkCapacity, example: "2.5 Tbps") ?? Bitrate.Zero,
            CapacityHitRatio = cap?.Req("cache_hit_ratio", Kinds.Percent, Ratio.Zero, "Minimum CDN cache hit ratio.", bounds: Fraction, example: "97%") ?? Ratio.Zero,
            BurnAt = r.ScalarList("burn_at", Kinds.Percent, false, "Availabilities at which to show the error-budget burn.", bounds: Fraction, maxItems: 20, example: "99.92%"),
            RecoveryTime = r.Opt("recovery_time", Kinds.Duration, "Recovery-time objective: from a failure until traffic flows again (failover).", bounds: Bounds.Above(0, Day), example: "1 min"),
            GlassToGlass = r.Opt("glass_to_glass", Kinds.Duration, "Glass-to-glass latency objective: from the camera to the viewer's screen.", bounds: Objective, example: "30 s"),
        };
        cap?.End();
        r.End();
        return s;
    }

    private static Failover ReadFailover(MapReader? r)
    {
        if (r is null) return new Failover { HealthCheckInterval = default, FailureThreshold = 1, DnsTtl = default, BackupOriginActivation = default, Regions = [] };
        var aDay = Bounds.Between(0, Day);
        var f = new Failover
        {
            HealthCheckInterval = r.Req("health_check_interval", Kinds.Duration, Duration.FromSeconds(10), "GSLB health-check interval.", bounds: Bounds.Above(0, Hour), example: "10 s"),
            FailureThreshold = Int(r, "failure_threshold", 3, "Failed checks before a target is marked down.", max: 100, example: "3"),
            DnsTtl = r.Req("dns_ttl", Kinds.Duration, Duration.FromSeconds(30), "TTL of the GSLB's DNS answers.", bounds: aDay, example: "30 s"),
            BackupOriginActivation = r.Req("backup_origin_activation", Kinds.Duration, Duration.Zero, "Time to activate backup origins.", bounds: aDay, example: "10 s"),
            Regions = r.List("regions", description: "Origin regions in failover order.", maxItems: 20).Select(g =>
            {
                var x = new OriginRegion(
                    g.ReqName("name", "?", example: "us-east"),
                    g.OneOf("role", OriginRole.Primary),
                    Int(g, "origins", 0, "Origin instances in the region.", max: 100_000, allowZero: true, example: "25"),
                    g.OneOf("standby", StandbyMode.Active),
                    g.Req("activation", Kinds.Duration, Duration.Zero, "Time to take traffic once activated.", bounds: aDay, example: "30 s"),
                    g.Req("replication_lag", Kinds.Duration, Duration.Zero, "Replication lag of its metadata.", bounds: aDay, example: "5 s"))
                {
                    Capacity = g.Opt("capacity", Kinds.Bitrate, "Egress its origins can serve (origins x origins.capacity when absent).", bounds: LinkCapacity, example: "1 Tbps"),
                };
                g.End();
                return x;
            }).ToImmutableArray(),
        };
        // Failover moves traffic from one named region to another: one name, one region.
        foreach (var dup in f.Regions.GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error("regions", $"origin region '{dup.Key}' is listed {dup.Count()} times");
        r.End();
        return f;
    }

    private static Autoscaling ReadAutoscaling(MapReader? r)
    {
        if (r is null) return new Autoscaling { MinReplicas = 1, MaxReplicas = 1, Metrics = [] };
        var name = r.OptName("name", "The HPA's name, as runbook actions address it (origin-hpa when absent).") ?? "origin-hpa";
        var min = Int(r, "min_replicas", 1, "minReplicas.", max: 100_000, example: "50");
        var max = Int(r, "max_replicas", 1, "maxReplicas.", max: 100_000, example: "200");
        var metrics = r.List("metrics", description: "Metrics the HPA scales on.", maxItems: 10).Select(m =>
        {
            var type = m.OneOf("type", ScalingMetricType.Resource);
            var x = new ScalingMetric(type, m.ReqName("name", "?", example: "cpu"),
                m.Opt("target_utilization", Kinds.Percent, "Resource target as average utilization.", bounds: Bounds.Between(0.01, 1), example: "70%"),
                m.Opt("target_average", Kinds.Number, "Target average value per pod.", bounds: Bounds.Above(0, 1e12), example: "1000"));
            if (x.TargetUtilization is null == x.TargetAverage is null && !m.Has("target_utilization") && !m.Has("target_average"))
                m.Error("name", "needs 'target_utilization' (e.g. 70%) or 'target_average' (e.g. 1000)");
            m.End();
            return x;
        }).ToImmutableArray();
        var behavior = r.Map("behavior", required: false, description: "Scaling behavior; the controller's defaults when absent.");
        var up = ReadRules(behavior?.Map("scale_up", required: false));
        var down = ReadRules(behavior?.Map("scale_down", required: false));
        behavior?.End();
        r.End();
        if (max < min) r.Error("max_replicas", $"must be at least min_replicas ({min})");
        return new Autoscaling { Name = name, MinReplicas = min, MaxReplicas = max, Metrics = metrics, ScaleUp = up, ScaleDown = down };
    }

    private static ScalingRules? ReadRules(MapReader? r)
    {
        if (r is null) return null;
        var window = r.Req("stabilization", Kinds.Duration, Duration.Zero, "stabilizationWindowSeconds.", bounds: Bounds.Between(0, Hour), example: "60 s");
        var policies = r.List("policies", description: "Scaling policies.", maxItems: 10).Select(p =>
        {
            var x = new ScalingPolicy(
                p.OneOf("type", ScalingPolicyType.Percent),
                p.Req("value", Kinds.Number, 0, "Pods, or percent of current replicas, per period.", bounds: Bounds.Above(0, 100_000), example: "50"),
                p.Req("period", Kinds.Duration, Duration.FromSeconds(60), "periodSeconds.", bounds: Bounds.Above(0, 30 * Minute), example: "60 s"));
            p.End();
            return x;
        }).ToImmutableArray();
        var select = r.OneOf("select", ScalingSelect.Max, required: false, description: "selectPolicy.");
        r.End();
        return new ScalingRules(window, policies, select);
    }

    private static ViewerSettings ReadViewers(MapReader? r)
    {
        if (r is null) return new ViewerSettings();
        var v = new ViewerSettings
        {
            StartupTolerance = r.Opt("startup_tolerance", Kinds.Duration, "Startup delay viewers tolerate before they start leaving (2 s, Krishnan & Sitaraman 2012).", bounds: Bounds.Between(0, 10 * Minute), example: "2 s"),
            StartupAbandonment = r.Opt("startup_abandonment", Kinds.Percent, "Share of the still-waiting viewers lost per second beyond the tolerance (5.8%, Krishnan & Sitaraman 2012).", bounds: Fraction, example: "5.8%"),
            StallPatience = r.Opt("stall_patience", Kinds.Duration, "Mean time a stalled viewer waits before giving up (derived from Krishnan & Sitaraman's 1% rebuffering costing 5% of viewing when absent).", bounds: Bounds.Above(0, Day), example: "18 min"),
            RetryShare = r.Opt("retry_share", Kinds.Percent, "Share of rejected joins that retry (80%, assumed).", bounds: Fraction, example: "80%"),
            RetryDelay = r.Opt("retry_delay", Kinds.Duration, "Mean back-off of a retried join (5 s, assumed).", bounds: Bounds.Above(0, Hour), example: "5 s"),
            ReturnShare = r.Opt("return_share", Kinds.Percent, "Share of those who gave up who come back (30%, assumed).", bounds: Fraction, example: "30%"),
            ReturnDelay = r.Opt("return_delay", Kinds.Duration, "Mean time before they come back (2 min, assumed).", bounds: Bounds.Above(0, Day), example: "2 min"),
            LiveBufferSegments = OptInt(r, "live_buffer_segments", "Segments a live player keeps behind the live edge (3, the HLS specification's recommendation).", 20, "3"),
        };
        r.End();
        return v;
    }

    private static Located<FaultSpec>? ReadFault(MapReader r, SpecSource source, ScenarioNames names)
    {
        var parsed = FaultGrammar.Parse(source.Text, names);
        r.SpecErrors(source, parsed.Errors);
        return parsed.Ok ? new Located<FaultSpec>(parsed.Value!, source) : null;
    }

    /// <summary>A runbook rule as the file writes it, read before the names it may use are known.</summary>
    private sealed record RuleFields(MapReader Reader, string Name, SpecSource? When, Duration For, Duration Delay, ImmutableArray<SpecSource> Actions)
    {
        public RunbookRule? Read(ScenarioNames names)
        {
            RuleCondition? condition = null;
            if (When is { } when)
            {
                var c = RuleGrammar.ParseCondition(when.Text);
                Reader.SpecErrors(when, c.Errors);
                condition = c.Value;
            }
            var actions = ImmutableArray.CreateBuilder<RunbookAction>();
            foreach (var source in Actions)
            {
                var a = RuleGrammar.ParseAction(source.Text, names);
                Reader.SpecErrors(source, a.Errors);
                if (a.Value is { } action) actions.Add(action);
            }
            return condition is null || actions.Count != Actions.Length ? null : new RunbookRule(Name, condition, For, Delay, actions.ToImmutable());
        }
    }

    private static ImmutableArray<RuleFields> ReadRunbook(MapReader root)
    {
        var metrics = string.Join(", ", RunbookMetrics.All.Select(RunbookMetrics.Name));
        var actions = string.Join("; ", Enum.GetValues<ActionKind>().Select(RunbookAction.Usage));
        var rules = root.List("runbook", required: false, description: "Runbook rules: when a metric crosses a threshold for a while, actions follow after a delay. None when absent (see docs/grammar.md).", minItems: 0, maxItems: MaxRules).Select(x =>
        {
            var name = x.ReqName("name", "?", "Rule name.", n => SpecTokens.IsName(n) ? null : "must be a name of letters, digits, '-', '_' or '.'", example: "high-latency");
            var when = x.LocatedScalar("when", true, $"Condition: METRIC OP THRESHOLD, e.g. latency_p95 > 500 ms (metrics: {metrics}).", "condition", "latency_p95 > 500 ms");
            var forTime = x.Req("for", Kinds.Duration, Duration.Zero, "How long the condition must hold before the rule fires.", bounds: Bounds.Between(0, MatchDay), example: "1 min");
            var delay = x.Req("delay", Kinds.Duration, Duration.Zero, "Time from firing until the actions take effect.", bounds: Bounds.Between(0, MatchDay), example: "2 min");
            var located = x.LocatedScalars("actions", $"Actions: {actions}.", required: true, maxItems: 20, what: "action", example: "activate-all-cdns");
            if (!x.Schema && located.IsEmpty && x.Has("actions")) x.Error("actions", "expected at least one action");
            x.End();
            return new RuleFields(x, name, when, forTime, delay, located);
        }).ToImmutableArray();
        foreach (var dup in rules.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            root.Error("runbook", $"rule '{dup.Key}' is listed {dup.Count()} times");
        return rules;
    }

    private static ReportedFigures ReadReported(MapReader? r)
    {
        if (r is null) return new ReportedFigures();
        var f = new ReportedFigures
        {
            PeakViewers = r.Opt("peak_viewers", Kinds.Count, "Peak concurrent viewers.", PositiveCount, Viewers, "1.68B") is { } v ? ViewerCount.Of(v) : null,
            DataTransferred = r.Opt("data_transferred", Kinds.DataSize, "Data delivered over the transfer window.", bounds: Bounds.Above(0, 1e20), example: "847 PB"),
            TransferWindow = r.Opt("transfer_window", Kinds.Duration, "The window the data was delivered in.", bounds: Bounds.Between(1, Year), example: "90 min"),
            AverageBitrate = r.Opt("average_bitrate", Kinds.Bitrate, "Average bitrate per viewer.", bounds: ViewerBitrate, example: "2.4 Mbps"),
            CacheHitRatio = r.Opt("cache_hit_ratio", Kinds.Percent, "CDN cache hit ratio.", bounds: Fraction, example: "97.3%"),
            LatencyP95 = r.Opt("latency_p95", Kinds.Duration, "p95 latency.", bounds: Objective, example: "150 ms"),
            TotalCost = r.Opt("total_cost", Kinds.Money, "Infrastructure cost of the tournament.", bounds: Bounds.Between(0, 1e12), example: "$12.8M"),
            EncodingInstances = OptInt(r, "encoding_instances", "Encoding instances run at peak.", 1_000_000, "100"),
            StoredContent = r.Opt("stored_content", Kinds.DataSize, "Recordings stored for the tournament.", bounds: Bounds.Above(0, 1e20), example: "25 TB"),
            CostShares = r.Dictionary("cost_shares", Kinds.Percent, "Cost split by category (cdn, encoding, origins, storage, monitoring, network).", Fraction, maxItems: 20, example: "45%"),
            RebufferingRatio = r.Opt("rebuffering_ratio", Kinds.Percent, "Share of watch time spent rebuffering, as measured.", bounds: Fraction, example: "0.5%"),
            StartupP95 = r.Opt("startup_p95", Kinds.Duration, "p95 time to first frame, as measured.", bounds: Objective, example: "1.5 s"),
            Availability = r.Opt("availability", Kinds.Percent, "Availability over the event, as measured.", bounds: Fraction, example: "99.97%"),
            PeakEgress = r.Opt("peak_egress", Kinds.Bitrate, "The highest egress delivered, as measured.", bounds: LinkCapacity, example: "80 Tbps"),
            PeakJoinRate = r.Opt("peak_join_rate", Kinds.Rate, "The fastest rate viewers joined at, as measured.", bounds: Bounds.Between(1, 1e9), example: "500k/s"),
        };
        if (f.DataTransferred is not null && f.TransferWindow is null) r.Error("data_transferred", "needs 'transfer_window' to say over how long");
        r.End();
        return f;
    }

    /// <summary>Durations that cannot be longer than the tournament they belong to.</summary>
    private static void WithinTournament(Scenario s, MapReader r)
    {
        var length = s.Tournament.Length;
        if (length.Seconds <= 0) return;
        if (s.Reported.TransferWindow is { } window && window > length)
            r.Error("reported", $"transfer_window ({window}) is longer than the tournament ({length})");
    }

    /// <summary>References between sections (rungs named by network classes exist, and the like) and limits across them.</summary>
    private static Scenario CrossCheck(Scenario s, MapReader r)
    {
        WithinTournament(s, r);
        // A live player joins live_buffer_segments behind the edge: a playlist window shorter than that never lists them.
        if (s.Delivery.LiveWindow is { } window && s.Viewers.LiveBufferSegments is { } behind
            && window.Seconds < behind * s.Delivery.SegmentDuration.Seconds * (1 - 1e-9))
            r.Error("viewers", $"live_buffer_segments: {behind} segments of {s.Delivery.SegmentDuration} ({Duration.FromSeconds(behind * s.Delivery.SegmentDuration.Seconds)}) are more than delivery.live_window ({window}) lists; a live player cannot join further behind the edge than the playlist reaches");
        foreach (var dup in s.Regions.GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error("regions", $"region '{dup.Key}' is listed {dup.Count()} times");
        foreach (var dup in s.Delivery.Cdns.GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error("delivery", $"CDN '{dup.Key}' is listed {dup.Count()} times");
        // Fault specs, --set paths and diffs find these by name: one name, one thing.
        foreach (var dup in s.Regions.Where(x => x.Code is not null).GroupBy(x => x.Code!, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error("regions", $"region code '{dup.Key}' is used by {string.Join(" and ", dup.Select(x => x.Name))}");
        foreach (var region in s.Regions.Where(x => x.Code is not null))
            if (s.Regions.FirstOrDefault(x => x != region && string.Equals(x.Name, region.Code, StringComparison.OrdinalIgnoreCase)) is { } other)
                r.Error("regions", $"{region.Name}: code '{region.Code}' is the name of another region ({other.Name}); a fault or a commitment naming '{region.Code}' could mean either");
        foreach (var dup in s.Audience.Devices.GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error("audience", $"device profile '{dup.Key}' is listed {dup.Count()} times");
        foreach (var dup in s.Audience.Networks.GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error("audience", $"network class '{dup.Key}' is listed {dup.Count()} times");
        // A phase name may repeat only for stages that do not share it (e.g. a short post-match for groups, a long one for the final).
        var clashes = s.Tournament.Stages
            .SelectMany(stage => s.Tournament.Timeline
                .Where(p => p.Stages.IsDefaultOrEmpty || p.Stages.Contains(stage.Name, StringComparer.OrdinalIgnoreCase))
                .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
                .Select(g => (Phase: g.Key, Stage: stage.Name)))
            .GroupBy(x => x.Phase, StringComparer.OrdinalIgnoreCase);
        foreach (var clash in clashes)
            r.Error("tournament", $"timeline: phase '{clash.Key}' is listed more than once for {string.Join(", ", clash.Select(x => x.Stage))}; give each a name of its own");
        if (s.Regions.Any(x => x.Viewers is not null) && s.Regions.Any(x => x.Share is not null))
            r.Error("regions", "give every region 'viewers' or every region 'share', not a mix");
        if ((long)s.Regions.Length * s.Delivery.Cdns.Length > MaxEdges)
            r.Error("regions", $"{s.Regions.Length} regions x {s.Delivery.Cdns.Length} CDNs make {s.Regions.Length * s.Delivery.Cdns.Length} edges; at most {MaxEdges} are planned and simulated");
        foreach (var region in s.Regions)
        {
            if (region.Viewers is { } v && region.Population is { } pop && v > pop)
                r.Error("regions", $"{region.Name}: viewers ({v}) exceed the region's population ({pop})");
            if (region.Subscribers is { } sub && region.Population is { } p2 && sub > p2)
                r.Error("regions", $"{region.Name}: subscribers ({sub}) exceed the region's population ({p2})");
        }
        // Committed capacities name delivery regions, by name or code; stored by name.
        var cdns = s.Delivery.Cdns;
        for (var i = 0; i < cdns.Length; i++)
        {
            if (cdns[i].Committed.IsEmpty) continue;
            var byName = ImmutableDictionary.CreateBuilder<string, Bitrate>(StringComparer.Ordinal);
            var keyOf = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, capacity) in cdns[i].Committed.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var region = s.Regions.FirstOrDefault(x => string.Equals(x.Name, key, StringComparison.OrdinalIgnoreCase) || string.Equals(x.Code, key, StringComparison.OrdinalIgnoreCase));
                if (region is null) r.Error("delivery", $"cdns[{i}] ({cdns[i].Name}) commits capacity in '{key}', which is not a region ({string.Join(", ", s.Regions.Select(x => x.Name))})");
                else if (keyOf.TryGetValue(region.Name, out var first))
                    r.Error("delivery", $"cdns[{i}] ({cdns[i].Name}) commits capacity in '{first}' ({byName[region.Name]}) and '{key}' ({capacity}), the same region ({region.Name}); give it once");
                else (byName[region.Name], keyOf[region.Name]) = (capacity, key);
            }
            cdns = cdns.SetItem(i, cdns[i] with { Committed = byName.ToImmutable() });
        }
        s = s with { Delivery = s.Delivery with { Cdns = cdns } };
        if (s.Ladder.Rungs.IsDefaultOrEmpty) return s;
        var networks = s.Audience.Networks;
        for (var i = 0; i < networks.Length; i++)
        {
            var n = networks[i];
            var missing = n.Rungs.Append(n.DefaultRung).Where(x => x != "?" && s.Ladder.Find(x) is null).Distinct().ToList();
            if (missing.Count > 0)
                r.Error("audience", $"networks[{i}] ({n.Name}) names rung(s) {string.Join(", ", missing)} not in the ladder ({string.Join(", ", s.Ladder.Rungs.Select(x => x.Name))})");
            else if (!n.Rungs.IsDefaultOrEmpty && !n.Rungs.Contains(n.DefaultRung, StringComparer.OrdinalIgnoreCase))
                r.Error("audience", $"networks[{i}] ({n.Name}): default_rung {n.DefaultRung} is not among its rungs");
        }
        return s;
    }
}
