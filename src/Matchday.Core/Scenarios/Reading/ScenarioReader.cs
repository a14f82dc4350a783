using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
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
public static class ScenarioReader
{
    // Sanity bounds: values beyond these are typos (an extra "B"), not events.
    private const double MaxViewers = 20e9;
    private const double MaxCount = 1e9;

    /// <summary>Reads a scenario from YAML text; <paramref name="file"/> names it in error messages.</summary>
    public static ReadResult Read(string yaml, string file)
    {
        var ctx = new ReadContext(file, schemaMode: false);
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode m)
            {
                var mark = stream.Documents.Count == 0 ? Mark.Empty : stream.Documents[0].RootNode.Start;
                return new ReadResult(null, [new ScenarioError(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column), "(document)", "expected a mapping of scenario sections (name, tournament, audience, ...)")]);
            }
            root = m;
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            if (message.StartsWith('(')) message = message[(message.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            return new ReadResult(null, [new ScenarioError(file, (int)e.Start.Line, (int)e.Start.Column, "(syntax)", "malformed YAML: " + message)]);
        }
        var scenario = ReadScenario(new MapReader(root, "", ctx, new JsonObject()));
        return ctx.Errors.Count == 0 ? new ReadResult(scenario, []) : new ReadResult(null, ctx.Errors);
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

    private static string? Positive(double x) => x > 0 ? null : "must be greater than zero";
    private static string? NonNegative(double x) => x >= 0 ? null : "must not be negative";
    private static string? PositiveBitrate(Bitrate b) => b.BitsPerSecond > 0 ? null : "must be greater than zero";
    private static string? NonNegativeBitrate(Bitrate b) => b.BitsPerSecond >= 0 ? null : "must not be negative";
    private static string? PositiveDuration(Duration d) => d.Seconds > 0 ? null : "must be greater than zero";
    private static string? NonNegativeDuration(Duration d) => d.Seconds >= 0 ? null : "must not be negative";
    private static string? PositiveSize(DataSize d) => d.Bytes > 0 ? null : "must be greater than zero";
    private static string? NonNegativeMoney(Money m) => m.Dollars >= 0 ? null : "must not be negative";
    private static string? Share(Ratio r) => r.Value is >= 0 and <= 1 ? null : "must be a percentage between 0% and 100%";
    private static string? PositiveShare(Ratio r) => r.Value is > 0 and <= 1 ? null : "must be a percentage above 0% and at most 100%";
    private static string? PositiveRate(Rate r) => r.PerSecond > 0 ? null : "must be greater than zero";

    private static string? WholeCount(double x, double max) =>
        x < 1 ? "must be a positive count"
        : x != Math.Floor(x) ? "must be a whole number"
        : x > max ? $"is implausibly large (more than {Humanize.Compact(max)})"
        : null;

    private static int Int(MapReader r, string key, int fallback, string description = "", double max = MaxCount, bool allowZero = false) =>
        (int)r.Req(key, Kinds.Count, fallback, description, x => allowZero && x == 0 ? null : WholeCount(x, max));

    private static Scenario ReadScenario(MapReader r)
    {
        var name = r.Req("name", Kinds.Name, "scenario", "A short identifier for the event.");
        var description = r.OptName("description", "What the event is.") ?? "";
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
        var runbook = r.Has("runbook") || r.Schema ? ReadRunbook(r) : (ImmutableArray<RuleSpec>?)null;
        var faults = r.LocatedScalars("faults", "Faults for the simulated match, e.g. \"cdn-outage provider=akamai region=eu at=67m for=10m\".");
        r.End();

        var scenario = new Scenario
        {
            Name = name, Description = description, Tournament = tournament, Audience = audience, Regions = regions,
            Ladder = ladder, Delivery = delivery, Origins = origins, Encoding = encoding, Services = services,
            Storage = storage, Prices = prices, Slos = slos, Failover = failover, Autoscaling = autoscaling, Reported = reported,
            Runbook = runbook, Faults = faults,
        };
        CrossCheck(scenario, r);
        return scenario;
    }

    private static Tournament ReadTournament(MapReader? r)
    {
        var empty = new Tournament { Length = Duration.Zero, Stages = [], Timeline = [], MatchBroadcast = Duration.Zero };
        if (r is null) return empty;
        var length = r.Req("length", Kinds.Duration, Duration.Zero, "How long the tournament lasts, e.g. 29 d.", PositiveDuration);
        var broadcast = r.Req("match_broadcast", Kinds.Duration, Duration.Zero, "How long each match occupies encoders, pre- and post-show included.", PositiveDuration);
        var stages = r.List("stages", description: "Stages in order, each with its number of matches and peak concurrent audience.").Select(s =>
        {
            var stage = new Stage(
                s.Req("name", Kinds.Name, "?", "Stage name, used by --match (e.g. final)."),
                Int(s, "matches", 0, "Matches played in this stage."),
                ViewerCount.Of(s.Req("peak_viewers", Kinds.Count, 0, "Peak concurrent viewers of one match of this stage.", x => x <= 0 ? "must be a positive count, e.g. 1.68B" : x > MaxViewers ? "is more than the world's population" : null)));
            s.End();
            return stage;
        }).ToImmutableArray();
        var timeline = r.List("timeline", description: "Match-day phases in order; the audience is a share of the peak, linear from 'from' to 'to'.").Select(p =>
        {
            var phase = new Phase(
                p.Req("phase", Kinds.Name, "?", "Phase name."),
                p.Req("length", Kinds.Duration, Duration.Zero, "Phase length.", PositiveDuration),
                p.Req("from", Kinds.Percent, Ratio.Zero, "Audience at the start, as a share of peak.", Share),
                p.Req("to", Kinds.Percent, Ratio.Zero, "Audience at the end, as a share of peak.", Share),
                p.ScalarList("stages", Kinds.Name, false, "Only these stages have the phase (e.g. extra time in knockouts); all when absent."));
            p.End();
            return phase;
        }).ToImmutableArray();
        r.End();
        foreach (var dup in stages.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error("stages", $"stage '{dup.Key}' is listed {dup.Count()} times");
        for (var i = 0; i < timeline.Length; i++)
        {
            foreach (var s in timeline[i].Stages.Where(s => !stages.Any(st => string.Equals(st.Name, s, StringComparison.OrdinalIgnoreCase))))
                r.Error("timeline", $"phase '{timeline[i].Name}' names stage '{s}', which is not among the stages ({string.Join(", ", stages.Select(x => x.Name))})");
        }
        return new Tournament { Length = length, Stages = stages, Timeline = timeline, MatchBroadcast = broadcast };
    }

    /// <summary>The scenario names of <see cref="PlayerKind"/>, mapped once here.</summary>
    private static readonly Dictionary<string, PlayerKind?> PlayerKinds = new(StringComparer.Ordinal)
    {
        ["exoplayer"] = PlayerKind.ExoPlayer,
        ["hls.js"] = PlayerKind.HlsJs,
        ["shaka"] = PlayerKind.Shaka,
        ["dash.js"] = PlayerKind.DashJs,
        ["dash.js-ll"] = PlayerKind.DashJsLowLatency,
        ["avplayer"] = PlayerKind.AvPlayer,
    };

    private static Audience ReadAudience(MapReader? r)
    {
        if (r is null) return new Audience { Devices = [], Networks = [] };
        var devices = r.List("devices", description: "Device/bitrate profiles with their share of viewers.").Select(d =>
        {
            var x = new DeviceProfile(
                d.Req("name", Kinds.Name, "?"),
                d.Req("bitrate", Kinds.Bitrate, Bitrate.Zero, "Bitrate a viewer of this profile pulls.", PositiveBitrate),
                d.Req("share", Kinds.Percent, Ratio.Zero, "Share of viewers.", Share))
            {
                Player = PlayerKinds.GetValueOrDefault(d.OneOf("player", [.. PlayerKinds.Keys], "", required: false,
                    description: "The player software these viewers run; `matchday players` simulates its ABR."), (PlayerKind?)null),
            };
            d.End();
            return x;
        }).ToImmutableArray();
        var networks = r.List("networks", description: "Network-condition classes, their throughput range and the rungs ABR offers them.").Select(n =>
        {
            var x = new NetworkClass(
                n.Req("name", Kinds.Name, "?"),
                n.Req("min_throughput", Kinds.Bitrate, Bitrate.Zero, "Lowest throughput of the class.", NonNegativeBitrate),
                n.Opt("max_throughput", Kinds.Bitrate, "Highest throughput of the class (open-ended when absent).", PositiveBitrate),
                n.Req("share", Kinds.Percent, Ratio.Zero, "Share of viewers.", Share),
                n.Req("default_rung", Kinds.Name, "?", "The rung a player in this class starts on."),
                n.ScalarList("rungs", Kinds.Name, true, "The rungs recommended for this class."));
            if (x.MaxThroughput is { } max && max <= x.MinThroughput) n.Error("max_throughput", $"must be above min_throughput ({x.MinThroughput})");
            n.End();
            return x;
        }).ToImmutableArray();
        r.End();
        return new Audience { Devices = devices, Networks = networks };
    }

    private static ImmutableArray<Region> ReadRegions(MapReader r) =>
        r.List("regions", description: "Delivery regions: audience (viewers or share) and CDN edge capacity.").Select(g =>
        {
            var viewers = g.Opt("viewers", Kinds.Count, "Declared peak audience of the region.", x => x <= 0 ? "must be a positive count, e.g. 400M" : x > MaxViewers ? "is more than the world's population" : null);
            var share = g.Opt("share", Kinds.Percent, "Share of the audience (instead of viewers).", PositiveShare);
            var region = new Region
            {
                Name = g.Req("name", Kinds.Name, "?"),
                Code = g.OptName("code", "A short code for the region, e.g. eu (fault specs may use it)."),
                Viewers = viewers is { } v ? ViewerCount.Of(v) : null,
                Share = share,
                EdgeServers = Int(g, "edge_servers", 0, "Edge servers deployed in the region."),
                Capacity = g.Req("capacity", Kinds.Bitrate, Bitrate.Zero, "Edge capacity deployed in the region.", PositiveBitrate),
            };
            if (viewers is null && share is null && !g.Has("viewers") && !g.Has("share")) g.Error("name", "needs either 'viewers' (e.g. 400M) or 'share' (e.g. 20%)");
            if (g.Has("viewers") && g.Has("share")) g.Error("share", "give either 'viewers' or 'share', not both");
            g.End();
            return region;
        }).ToImmutableArray();

    private static Ladder ReadLadder(MapReader? r)
    {
        if (r is null) return new Ladder("h264", []);
        var codec = r.Req("codec", Kinds.Name, "h264", "Codec of the ladder (h264, hevc, av1).");
        var rungs = r.List("rungs", description: "Rungs from lowest to highest bitrate.").Select(x =>
        {
            var rung = new Rung(
                x.Req("name", Kinds.Name, "?", "Rung name, e.g. 720p."),
                x.Req("bitrate", Kinds.Bitrate, Bitrate.Zero, "Video bitrate of the rung.", PositiveBitrate),
                x.Req("encode_cost", Kinds.Number, 0, "CPU units to encode one input stream at this rung.", Positive));
            x.End();
            return rung;
        }).ToImmutableArray();
        r.End();
        for (var i = 1; i < rungs.Length; i++)
        {
            if (rungs[i].Bitrate <= rungs[i - 1].Bitrate && rungs[i].Bitrate.BitsPerSecond > 0)
                r.Error("rungs", $"rungs must rise in bitrate: {rungs[i].Name} ({rungs[i].Bitrate}) is not above {rungs[i - 1].Name} ({rungs[i - 1].Bitrate})");
        }
        return new Ladder(codec, rungs);
    }

    private static ImmutableArray<PriceTier> ReadTiers(MapReader r, string key, bool required, string description)
    {
        if (r.Schema)
        {
            r.DescribeScalarOrList(key, Kinds.DataPrice, required, description, t => ReadTier(t));
            return [];
        }
        // Either a single price ("$0.085/GB") or a list of tiers.
        if (!r.Has(key) || r.Has(key) && IsScalar(r, key))
        {
            var flat = required
                ? r.Req(key, Kinds.DataPrice, new DataPrice(Money.Zero), description)
                : r.Opt(key, Kinds.DataPrice, description) ?? new DataPrice(new Money(-1));
            return flat.PerGigabyte.Dollars < 0 ? [] : [new PriceTier(null, flat)];
        }
        var tiers = r.List(key, required, description).Select(ReadTier).ToImmutableArray();
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
        var upTo = t.Opt("up_to", Kinds.DataSize, "Traffic this tier covers up to (absent on the last tier).", PositiveSize);
        var tier = new PriceTier(upTo, t.Req("price", Kinds.DataPrice, new DataPrice(Money.Zero), "Price per GB in this tier."));
        t.End();
        return tier;
    }

    private static Delivery ReadDelivery(MapReader? r)
    {
        if (r is null) return new Delivery { SegmentDuration = Duration.Zero, PlaylistRefresh = Duration.Zero, ServerCapacity = Bitrate.Zero, TargetUtilization = Ratio.One, HeadroomBuffer = Ratio.Zero, Cdns = [] };
        var d = new Delivery
        {
            SegmentDuration = r.Req("segment_duration", Kinds.Duration, Duration.FromSeconds(6), "Media segment duration.", PositiveDuration),
            PlaylistRefresh = r.Req("playlist_refresh", Kinds.Duration, Duration.FromSeconds(6), "How often a live player reloads its playlist.", PositiveDuration),
            ServerCapacity = r.Req("server_capacity", Kinds.Bitrate, Bitrate.Zero, "Egress capacity of one edge server.", PositiveBitrate),
            TargetUtilization = r.Req("target_utilization", Kinds.Percent, Ratio.One, "Share of a server's capacity planned for use.", PositiveShare),
            ServerRequests = r.Opt("server_requests", Kinds.Rate, "Requests one edge server answers per second (50k/s when absent).", PositiveRate) ?? Rate.FromPerSecond(50_000),
            HeadroomBuffer = r.Req("headroom_buffer", Kinds.Percent, Ratio.Zero, "Extra capacity on top of the peak for redundancy and spikes.", x => x.Value is >= 0 and <= 10 ? null : "must be between 0% and 1000%"),
            Cdns = r.List("cdns", description: "CDN providers and their traffic split.").Select(c =>
            {
                var cdn = new Cdn
                {
                    Name = c.Req("name", Kinds.Name, "?"),
                    Tier = c.OneOf("tier", ["primary", "secondary", "backup"], "primary", description: "Role in the GSLB: primary, secondary or backup."),
                    Traffic = c.Req("traffic", Kinds.Percent, Ratio.Zero, "Share of traffic the GSLB sends to this CDN.", Share),
                    Pops = Int(c, "pops", 1, "Points of presence."),
                    Shields = Int(c, "shields", 0, "Shield (mid-tier) caches fetching from the origin; 0 means every PoP fetches.", allowZero: true),
                    CacheHitRatio = c.Opt("cache_hit_ratio", Kinds.Percent, "Cache hit ratio the CDN claims.", Share),
                    Pricing = ReadCdnPricing(c.Map("pricing", required: false, description: "This CDN's own pricing; the global cdn price when absent.")),
                };
                c.End();
                return cdn;
            }).ToImmutableArray(),
        };
        r.End();
        return d;
    }

    private static CdnPricing? ReadCdnPricing(MapReader? r)
    {
        if (r is null) return null;
        var tiers = ReadTiers(r, "per_gb", false, "Per-GB price, or a list of tiers {up_to, price}.");
        var p95 = r.Opt("p95", Kinds.BitratePrice, "95th-percentile billing: price per Mbps-month of the billed rate.");
        var period = r.Opt("commit_period", Kinds.Duration, "Billing period of the 95th percentile (30 d).", PositiveDuration);
        if (tiers.IsDefaultOrEmpty && p95 is null) r.Error("per_gb", "pricing needs 'per_gb' or 'p95'");
        if (!tiers.IsDefaultOrEmpty && p95 is not null) r.Error("p95", "give either 'per_gb' or 'p95', not both");
        r.End();
        return new CdnPricing { Tiers = tiers.IsDefault ? [] : tiers, Percentile95 = p95, CommitPeriod = period ?? Duration.FromDays(30) };
    }

    private static Origins ReadOrigins(MapReader? r)
    {
        if (r is null) return new Origins(0, Bitrate.Zero, Ratio.Zero, Rate.Zero);
        var o = new Origins(
            Int(r, "count", 0, "Origin servers."),
            r.Req("capacity", Kinds.Bitrate, Bitrate.Zero, "Egress capacity of one origin server.", PositiveBitrate),
            r.Req("assumed_hit_ratio", Kinds.Percent, Ratio.Zero, "The fixed CDN hit ratio the planners assumed.", Share),
            r.Req("requests_per_server", Kinds.Rate, Rate.Zero, "Requests per second one origin server serves.", PositiveRate));
        r.End();
        return o;
    }

    private static Encoding ReadEncoding(MapReader? r)
    {
        if (r is null) return new Encoding { InputStreams = 0, VcpusPerInstance = 0, GpuCpuUnitsPerInstance = 0, Encoder = "cpu", Codecs = [] };
        var e = new Encoding
        {
            InputStreams = Int(r, "input_streams", 0, "Concurrent input streams (feeds) to encode."),
            VcpusPerInstance = Int(r, "vcpus_per_instance", 0, "vCPUs per CPU encoding instance."),
            GpuCpuUnitsPerInstance = r.Req("gpu_cpu_units_per_instance", Kinds.Number, 0, "CPU units one GPU instance replaces.", Positive),
            Encoder = r.OneOf("encoder", ["cpu", "gpu"], "cpu", description: "The encoder fleet the cost plan uses."),
            Codecs = r.List("codecs", required: false, description: "Alternative codecs and their bitrate saving at equal quality.").Select(c =>
            {
                var x = new CodecSaving(c.Req("codec", Kinds.Name, "?"), c.Req("saving", Kinds.Percent, Ratio.Zero, "Bitrate saved.", x => x.Value is >= 0 and < 1 ? null : "must be at least 0% and below 100%"));
                c.End();
                return x;
            }).ToImmutableArray(),
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
            AuthValidationsPerJoin = auth is null ? 1 : Int(auth, "validations_per_join", 1, "Token validations per join."),
            TokenRefresh = auth?.Req("token_refresh", Kinds.Duration, Duration.FromMinutes(10), "How often a watching viewer's token is revalidated.", PositiveDuration) ?? Duration.FromMinutes(10),
            AuthCapacity = auth?.Req("capacity", Kinds.Rate, Rate.Zero, "Validations per second the auth service sustains.", PositiveRate) ?? Rate.Zero,
            SessionSize = session?.Req("session_size", Kinds.DataSize, DataSize.Zero, "Memory per session.", PositiveSize) ?? DataSize.Zero,
            SessionReplicas = session is null ? 1 : Int(session, "replicas", 1, "Copies of each session (primary + replicas)."),
            BeaconInterval = beacons?.Req("interval", Kinds.Duration, Duration.FromSeconds(10), "Beacon interval per player.", PositiveDuration) ?? Duration.FromSeconds(10),
            BeaconSize = beacons?.Req("event_size", Kinds.DataSize, DataSize.Zero, "Size of one beacon event.", PositiveSize) ?? DataSize.Zero,
            PartitionThroughput = beacons?.Req("partition_throughput", Kinds.Bitrate, Bitrate.Zero, "Throughput budget of one event-bus partition.", PositiveBitrate) ?? Bitrate.Zero,
            LogLineSize = logs?.Req("line_size", Kinds.DataSize, DataSize.Zero, "Size of one access-log line.", PositiveSize) ?? DataSize.Zero,
            LogSampling = logs?.Req("sampling", Kinds.Percent, Ratio.One, "Share of requests logged.", Share) ?? Ratio.One,
            SeriesPerServer = metrics is null ? 0 : Int(metrics, "series_per_server", 0, "Metric series per edge/origin server."),
            SeriesPerRegionCdn = metrics is null ? 0 : Int(metrics, "series_per_region_cdn", 0, "Metric series per region x CDN pair."),
        };
        auth?.End(); session?.End(); beacons?.End(); logs?.End(); metrics?.End(); r?.End();
        return s;
    }

    private static Storage ReadStorage(MapReader? r)
    {
        if (r is null) return new Storage(Duration.Zero, Duration.Zero);
        var s = new Storage(
            r.Req("standard_retention", Kinds.Duration, Duration.Zero, "How long recordings stay in standard storage.", NonNegativeDuration),
            r.Req("archive_retention", Kinds.Duration, Duration.Zero, "How long they then stay in the archive.", NonNegativeDuration));
        r.End();
        return s;
    }

    private static Prices ReadPrices(MapReader? r)
    {
        if (r is null) return new Prices { CdnTiers = [], GpuInstance = default, CpuInstance = default, Standard = default, Archive = default, OriginTransfer = default, LoadBalancer = default, LoadBalancers = 0, LogIngest = default, MetricSeriesMonth = default };
        var p = new Prices
        {
            CdnTiers = ReadTiers(r, "cdn", true, "CDN delivery price per GB, or a list of tiers {up_to, price}."),
            GpuInstance = r.Req("gpu_instance", Kinds.HourlyPrice, default, "GPU encoding instance."),
            CpuInstance = r.Req("cpu_instance", Kinds.HourlyPrice, default, "CPU instance (encoders, origins)."),
            Standard = r.Req("storage", Kinds.StoragePrice, default, "Standard object storage."),
            Archive = r.Req("archive", Kinds.StoragePrice, default, "Archive storage."),
            OriginTransfer = r.Req("origin_transfer", Kinds.DataPrice, default, "Origin-to-CDN data transfer."),
            LoadBalancer = r.Req("load_balancer", Kinds.HourlyPrice, default, "One load balancer."),
            LoadBalancers = Int(r, "load_balancers", 0, "Load balancers running through the tournament.", allowZero: true),
            LogIngest = r.Req("log_ingest", Kinds.DataPrice, default, "Log ingestion and indexing."),
            MetricSeriesMonth = r.Req("metric_series_month", Kinds.Money, default, "One active metric series for a month.", NonNegativeMoney),
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
            Availability = r.Req("availability", Kinds.Percent, Ratio.One, "Availability target.", x => x.Value is > 0 and < 1 ? null : "must be a percentage above 0% and below 100%"),
            Window = r.Req("window", Kinds.Duration, Duration.FromDays(30), "Error-budget window.", PositiveDuration),
            LatencyP95 = r.Req("latency_p95", Kinds.Duration, default, "p95 latency target.", PositiveDuration),
            LatencyP99 = r.Req("latency_p99", Kinds.Duration, default, "p99 latency target.", PositiveDuration),
            StartupP95 = r.Req("startup_p95", Kinds.Duration, default, "p95 time to first frame.", PositiveDuration),
            RebufferingRatio = r.Req("rebuffering_ratio", Kinds.Percent, default, "Maximum share of watch time spent rebuffering.", Share),
            SwitchesPerMinute = r.Req("switches_per_minute", Kinds.Rate, default, "Maximum quality switches per viewer per minute."),
            CapacityViewers = ViewerCount.Of(cap?.Req("viewers", Kinds.Count, 0, "Concurrent viewers the platform must hold.", x => x > 0 ? null : "must be a positive count") ?? 0),
            CapacityBandwidth = cap?.Req("bandwidth", Kinds.Bitrate, Bitrate.Zero, "Total egress the platform must hold.", PositiveBitrate) ?? Bitrate.Zero,
            CapacityHitRatio = cap?.Req("cache_hit_ratio", Kinds.Percent, Ratio.Zero, "Minimum CDN cache hit ratio.", Share) ?? Ratio.Zero,
            BurnAt = r.ScalarList("burn_at", Kinds.Percent, false, "Availabilities at which to show the error-budget burn.", x => x.Value is >= 0 and <= 1 ? null : "must be between 0% and 100%"),
        };
        cap?.End();
        r.End();
        return s;
    }

    private static Failover ReadFailover(MapReader? r)
    {
        if (r is null) return new Failover { HealthCheckInterval = default, FailureThreshold = 1, DnsTtl = default, BackupOriginActivation = default, Regions = [] };
        var f = new Failover
        {
            HealthCheckInterval = r.Req("health_check_interval", Kinds.Duration, Duration.FromSeconds(10), "GSLB health-check interval.", PositiveDuration),
            FailureThreshold = Int(r, "failure_threshold", 3, "Failed checks before a target is marked down."),
            DnsTtl = r.Req("dns_ttl", Kinds.Duration, Duration.FromSeconds(30), "TTL of the GSLB's DNS answers.", NonNegativeDuration),
            BackupOriginActivation = r.Req("backup_origin_activation", Kinds.Duration, Duration.Zero, "Time to activate backup origins.", NonNegativeDuration),
            Regions = r.List("regions", description: "Origin regions in failover order.").Select(g =>
            {
                var x = new OriginRegion(
                    g.Req("name", Kinds.Name, "?"),
                    g.OneOf("role", ["primary", "secondary", "tertiary"], "primary"),
                    Int(g, "origins", 0, "Origin instances in the region.", allowZero: true),
                    g.OneOf("standby", ["active", "warm", "cold"], "active"),
                    g.Req("activation", Kinds.Duration, Duration.Zero, "Time to take traffic once activated.", NonNegativeDuration),
                    g.Req("replication_lag", Kinds.Duration, Duration.Zero, "Replication lag of its metadata.", NonNegativeDuration));
                g.End();
                return x;
            }).ToImmutableArray(),
        };
        r.End();
        return f;
    }

    private static Autoscaling ReadAutoscaling(MapReader? r)
    {
        if (r is null) return new Autoscaling { MinReplicas = 1, MaxReplicas = 1, Metrics = [] };
        var min = Int(r, "min_replicas", 1, "minReplicas.");
        var max = Int(r, "max_replicas", 1, "maxReplicas.");
        var metrics = r.List("metrics", description: "Metrics the HPA scales on.").Select(m =>
        {
            var type = m.OneOf("type", ["resource", "pods", "object", "external"], "resource");
            var x = new ScalingMetric(type, m.Req("name", Kinds.Name, "?"),
                m.Opt("target_utilization", Kinds.Percent, "Resource target as average utilization.", PositiveShare),
                m.Opt("target_average", Kinds.Number, "Target average value per pod.", x => Positive(x)));
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
        return new Autoscaling { MinReplicas = min, MaxReplicas = max, Metrics = metrics, ScaleUp = up, ScaleDown = down };
    }

    private static ScalingRules? ReadRules(MapReader? r)
    {
        if (r is null) return null;
        var window = r.Req("stabilization", Kinds.Duration, Duration.Zero, "stabilizationWindowSeconds.", x => x.Seconds is >= 0 and <= 3600 ? null : "must be between 0 s and 1 h");
        var policies = r.List("policies", description: "Scaling policies.").Select(p =>
        {
            var x = new ScalingPolicy(
                p.OneOf("type", ["percent", "pods"], "percent"),
                p.Req("value", Kinds.Number, 0, "Pods, or percent of current replicas, per period.", Positive),
                p.Req("period", Kinds.Duration, Duration.FromSeconds(60), "periodSeconds.", x => x.Seconds is > 0 and <= 1800 ? null : "must be above 0 s and at most 30 min"));
            p.End();
            return x;
        }).ToImmutableArray();
        var select = r.OneOf("select", ["max", "min", "disabled"], "max", required: false, description: "selectPolicy.");
        r.End();
        return new ScalingRules(window, policies, select);
    }

    private static ImmutableArray<RuleSpec> ReadRunbook(MapReader root)
    {
        var rules = root.List("runbook", required: false, description: "Runbook rules: when a metric crosses a threshold for a while, actions follow after a delay. The seed's rules when absent.", minItems: 0).Select(x =>
        {
            var name = x.Req("name", Kinds.Name, "?", "Rule name.");
            var when = x.Req("when", Kinds.Name, "", "Condition: METRIC OP THRESHOLD, e.g. latency_p95 > 500 ms (metrics: " + string.Join(", ", RunbookVocabulary.Metrics.Keys.Order()) + ").");
            var forTime = x.Req("for", Kinds.Duration, Duration.Zero, "How long the condition must hold before the rule fires.", NonNegativeDuration);
            var delay = x.Req("delay", Kinds.Duration, Duration.Zero, "Time from firing until the actions take effect.", NonNegativeDuration);
            var actions = x.ScalarList("actions", Kinds.Name, true, "Actions: " + string.Join("; ", RunbookVocabulary.Actions.Values.Select(a => a.Usage).Order()) + ".");
            var (metric, op, threshold) = ParseCondition(x, when);
            var parsedActions = ImmutableArray.CreateBuilder<ActionSpec>();
            foreach (var a in actions)
            {
                var words = a.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0 || !RunbookVocabulary.Actions.TryGetValue(words[0], out var arity))
                {
                    x.Error("actions", $"unknown action '{a}'; expected one of: {string.Join("; ", RunbookVocabulary.Actions.Values.Select(v => v.Usage).Order())}");
                    continue;
                }
                if (words.Length - 1 < arity.Min || words.Length - 1 > arity.Max) { x.Error("actions", $"'{a}': expected {arity.Usage}"); continue; }
                parsedActions.Add(new ActionSpec(words[0], [.. words.Skip(1)]));
            }
            x.End();
            return new RuleSpec(name, metric, op, threshold, forTime, delay, parsedActions.ToImmutable());
        }).ToImmutableArray();
        return rules;
    }

    private static (string Metric, string Op, double Threshold) ParseCondition(MapReader x, string when)
    {
        if (when.Length == 0) return ("", ">", 0);
        var parts = when.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || parts[1] is not (">" or ">=" or "<" or "<=" or "==" or "!="))
        {
            x.Error("when", $"expected METRIC OP THRESHOLD, e.g. latency_p95 > 500 ms (got '{when}')");
            return ("", ">", 0);
        }
        if (!RunbookVocabulary.Metrics.TryGetValue(parts[0], out var kind))
        {
            x.Error("when", $"unknown metric '{parts[0]}'; expected one of: {string.Join(", ", RunbookVocabulary.Metrics.Keys.Order())}");
            return ("", ">", 0);
        }
        double? threshold = kind switch
        {
            "duration" => QuantityParser.Duration(parts[2]) is { Ok: true } d ? d.Value.Seconds : null,
            "rate" => QuantityParser.Rate(parts[2]) is { Ok: true } r ? r.Value.PerSecond : null,
            "percentage" => QuantityParser.Percent(parts[2]) is { Ok: true } p ? p.Value.Value : null,
            _ => QuantityParser.Number(parts[2]) is { Ok: true } n ? n.Value : null,
        };
        if (threshold is null)
        {
            x.Error("when", $"{parts[0]} takes a {kind} threshold, e.g. {kind switch { "duration" => "500 ms", "rate" => "1000/s", "percentage" => "90%", _ => "0" }} (got '{parts[2]}')");
            return ("", ">", 0);
        }
        return (parts[0], parts[1], threshold.Value);
    }

    private static ReportedFigures ReadReported(MapReader? r)
    {
        if (r is null) return new ReportedFigures();
        var f = new ReportedFigures
        {
            PeakViewers = r.Opt("peak_viewers", Kinds.Count, "Peak concurrent viewers.", Positive) is { } v ? ViewerCount.Of(v) : null,
            DataTransferred = r.Opt("data_transferred", Kinds.DataSize, "Data delivered over the transfer window.", PositiveSize),
            TransferWindow = r.Opt("transfer_window", Kinds.Duration, "The window the data was delivered in.", PositiveDuration),
            AverageBitrate = r.Opt("average_bitrate", Kinds.Bitrate, "Average bitrate per viewer.", PositiveBitrate),
            CacheHitRatio = r.Opt("cache_hit_ratio", Kinds.Percent, "CDN cache hit ratio.", Share),
            LatencyP95 = r.Opt("latency_p95", Kinds.Duration, "p95 latency.", PositiveDuration),
            TotalCost = r.Opt("total_cost", Kinds.Money, "Infrastructure cost of the tournament.", NonNegativeMoney),
            EncodingInstances = r.Opt("encoding_instances", Kinds.Count, "Encoding instances run at peak.", x => WholeCount(x, MaxCount)) is { } e ? (int)e : null,
            StoredContent = r.Opt("stored_content", Kinds.DataSize, "Recordings stored for the tournament.", PositiveSize),
            CostShares = r.Dictionary("cost_shares", Kinds.Percent, "Cost split by category (cdn, encoding, origins, storage, monitoring, network)."),
        };
        if (f.DataTransferred is not null && f.TransferWindow is null) r.Error("data_transferred", "needs 'transfer_window' to say over how long");
        r.End();
        return f;
    }

    /// <summary>References between sections: rungs named by network classes exist, and the like.</summary>
    private static void CrossCheck(Scenario s, MapReader r)
    {
        if (s.Ladder.Rungs.IsDefaultOrEmpty) return;
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
        foreach (var dup in s.Regions.GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error("regions", $"region '{dup.Key}' is listed {dup.Count()} times");
        foreach (var dup in s.Delivery.Cdns.GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error("delivery", $"CDN '{dup.Key}' is listed {dup.Count()} times");
        if (s.Regions.Any(x => x.Viewers is not null) && s.Regions.Any(x => x.Share is not null))
            r.Error("regions", "give every region 'viewers' or every region 'share', not a mix");
    }
}
