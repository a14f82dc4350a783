using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Matchday.Core.Artifacts;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;

namespace Matchday.Cli.Tests.Artifacts;

/// <summary>
/// The artifacts read by the tools that deploy them: promtool checks the rules and runs their unit tests over the calm
/// night, the Akamai-Europe outage, a cache fail-open and the Super Bowl example's calm night; promtool backfills the
/// outage into a TSDB, a real Prometheus serves it, and every alert's and panel's expression answers at the incident;
/// ffmpeg encodes a synthetic source with the generated command and the HLS it writes has every rung.
/// </summary>
[Collection("console")]
public sealed class ToolTests(ArtifactsFixture fixture) : IClassFixture<ArtifactsFixture>
{
    private static readonly long Epoch = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    public static TheoryData<string> Nights => new() { "calm", "outage", "fail-open", "superbowl" };

    [Theory]
    [MemberData(nameof(Nights))]
    public void Promtool_accepts_the_rules_and_its_unit_test_of_the_night_passes(string night)
    {
        var dir = fixture.Night(night);
        var check = Tools.Run("promtool", ["check", "rules", "rules.yml"], dir);
        Assert.True(check.Code == 0, check.Out + check.Err);
        Assert.Contains("SUCCESS", check.Out, StringComparison.Ordinal);
        var test = Tools.Run("promtool", ["test", "rules", "rules.test.yml"], dir);
        Assert.True(test.Code == 0, test.Out + test.Err);
        Assert.Contains("SUCCESS", test.Out, StringComparison.Ordinal);
        // The test checks something: every night has checks, and where Matchday expects alerts the file names them.
        var file = File.ReadAllText(Path.Combine(dir, "rules.test.yml"));
        Assert.True(Regex.Count(file, "eval_time:") > 20, "too few checks");
        foreach (var e in Expected(dir)) Assert.Contains($"alertname: {e.Alert}\n        exp_alerts:\n", file, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_fires_on_the_fail_open_and_not_on_a_calm_night()
    {
        static bool Page(ExpectedAlert e) => e.Alert.EndsWith("BudgetBurn", StringComparison.Ordinal) && e.Labels.Contains("severity=critical", StringComparison.Ordinal);
        // The cache fail-open (60-75 min) sends every European request to the origin, which serves a fraction: the
        // hour's error ratio passes 14.4 x 0.05% within a minute, and the page clears after the fault.
        var failOpen = Expected(fixture.Night("fail-open"));
        var page = Assert.Single(failOpen, e => e.Alert == "AvailabilityBudgetBurn" && e.Labels.Contains("long_window=1h", StringComparison.Ordinal));
        Assert.InRange(page.Start, 60 * 60, 62 * 60);
        Assert.NotNull(page.End);
        Assert.InRange(page.End!.Value, 75 * 60, 90 * 60);
        // The Akamai-Europe outage is over for most viewers once their TTL sends them elsewhere: 0.55% of the month's
        // budget, below what a page is for (2% in an hour); the tickets and the dropout page fire instead.
        var outage = Expected(fixture.Night("outage"));
        Assert.DoesNotContain(outage, Page);
        Assert.Contains(outage, e => e.Alert == "ViewerDropout" && e.Start >= 67 * 60 && e.Start <= 69 * 60);
        Assert.Contains(outage, e => e.Alert == "AvailabilityBudgetBurn" && e.Start >= 67 * 60 && e.Start <= 69 * 60);
        // Calm nights page on no objective; the Super Bowl's fires nothing at all, and the unit test says so.
        Assert.DoesNotContain(Expected(fixture.Night("calm")), Page);
        Assert.Empty(Expected(fixture.Night("superbowl")));
    }

    [Fact]
    public void The_unit_test_fails_when_its_expectation_is_wrong()
    {
        var dir = fixture.Night("outage");
        var text = File.ReadAllText(Path.Combine(dir, "rules.test.yml"));
        // Drop the first expected page: promtool must now see an alert the file does not expect.
        var at = text.IndexOf("alertname: AvailabilityBudgetBurn\n        exp_alerts:\n", StringComparison.Ordinal);
        Assert.True(at > 0);
        var end = text.IndexOf("      - eval_time:", at, StringComparison.Ordinal);
        var broken = text[..at] + "alertname: AvailabilityBudgetBurn\n        exp_alerts: []\n" + text[end..];
        var copy = Path.Combine(dir, "broken.test.yml");
        File.WriteAllText(copy, broken);
        var test = Tools.Run("promtool", ["test", "rules", "broken.test.yml"], dir);
        File.Delete(copy);
        Assert.NotEqual(0, test.Code);
        Assert.Contains("FAILED", test.Out + test.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backfilled_night_answers_every_alert_and_panel_query_at_the_incident()
    {
        var dir = fixture.Night("fail-open");
        var work = Directory.CreateTempSubdirectory("matchday-tsdb-").FullName;
        try
        {
            var tsdb = Path.Combine(work, "data");
            var blocks = Tools.Run("promtool", ["tsdb", "create-blocks-from", "openmetrics", Path.Combine(dir, "night.om"), tsdb]);
            Assert.True(blocks.Code == 0, blocks.Out + blocks.Err);
            var (start, end) = (Epoch, Epoch + NightSeconds(dir));
            // The recording rules, evaluated over the night by promtool against the server, then loaded with the night.
            var rulesOut = Path.Combine(work, "rules");
            using (var server = new PrometheusServer(tsdb))
            {
                var rules = Tools.Run("promtool", ["tsdb", "create-blocks-from", "rules", "--start", start.ToString(CultureInfo.InvariantCulture), "--end", end.ToString(CultureInfo.InvariantCulture),
                    "--url", server.Url.ToString(), "--output-dir", rulesOut, "--eval-interval", "15s", Path.Combine(dir, "rules.yml")], timeout: TimeSpan.FromMinutes(5));
                Assert.True(rules.Code == 0, rules.Out + rules.Err);
            }
            foreach (var block in Directory.GetDirectories(rulesOut)) Directory.Move(block, Path.Combine(tsdb, Path.GetFileName(block)));

            var expected = Expected(dir);
            var page = expected.First(e => e.Alert == "AvailabilityBudgetBurn" && e.Labels.Contains("long_window=1h", StringComparison.Ordinal));
            var incident = page.Start + 8 * 60;
            var time = Epoch + (long)incident;
            var scenario = Presets.Load();
            var alerting = AlertingRules.For(scenario);
            using var prometheus = new PrometheusServer(tsdb);
            var checkedAlerts = 0;
            foreach (var rule in alerting.Alerts)
            {
                // Each compared series has a value at the incident.
                foreach (var c in rule.When) Assert.True(prometheus.Query(c.Signal.Selector, time).Count > 0, $"{rule.Name}: {c.Signal.Selector} has no data at {incident} s");
                // The whole condition holds there exactly when Matchday has the alert firing (where its answer is steady).
                var labels = string.Join(";", rule.FiringLabels.Select(l => $"{l.Key}={l.Value}"));
                var mine = expected.Where(e => e.Alert == rule.Name && e.Labels == labels).ToList();
                var firing = mine.Any(e => e.Start <= incident && (e.End is null || e.End > incident));
                var near = mine.Any(e => e.Start <= incident + rule.For.Seconds + 120 && (e.End is null || e.End >= incident - 120));
                if (!firing && near) continue;
                Assert.True(firing == prometheus.Query(rule.Expr, time).Count > 0, $"{rule.Name} {labels}: Matchday says {(firing ? "firing" : "not firing")} at {incident} s");
                checkedAlerts++;
            }
            Assert.True(checkedAlerts >= alerting.Alerts.Count() * 3 / 4, $"only {checkedAlerts} alerts compared");
            foreach (var panel in GrafanaDashboard.Panels(scenario, alerting))
                foreach (var q in panel.Queries)
                    Assert.True(prometheus.Query(q.Expr, time).Count > 0, $"panel '{panel.Title}': {q.Expr} has no data at {incident} s");
            // The dashboard file holds those panels, importable: its schema version, its time range the night's.
            var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "dashboard.json")))!;
            Assert.Equal(GrafanaDashboard.SchemaVersion, (int)dashboard["schemaVersion"]!);
            Assert.Equal(GrafanaDashboard.Panels(scenario, alerting).Sum(p => p.Queries.Length), dashboard["panels"]!.AsArray().Sum(p => p!["targets"]!.AsArray().Count));
            Assert.Equal("2025-01-01T00:00:00.000Z", (string)dashboard["time"]!["from"]!);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void The_generated_ffmpeg_command_encodes_every_rung_as_hls_with_the_segment_duration()
    {
        var scenario = ScenarioReader.Read(File.ReadAllText(RepoPaths.Example("superbowl-streaming.yaml")), "sb.yaml").Scenario!;
        var (renditions, errors) = EncoderLadder.Renditions(scenario);
        Assert.Empty(errors);
        var work = Directory.CreateTempSubdirectory("matchday-hls-").FullName;
        try
        {
            // Seven seconds of a synthetic 1080p30 source with a tone: three whole 2 s segments and a part.
            string[] input = ["-f", "lavfi", "-t", "7", "-i", "testsrc2=size=1920x1080:rate=30[out0];sine=frequency=1000:sample_rate=48000[out1]"];
            var args = EncoderLadder.FfmpegArguments(scenario, renditions, input, work);
            var run = Tools.Run("ffmpeg", args, work, TimeSpan.FromMinutes(5));
            Assert.True(run.Code == 0, run.Err[Math.Max(0, run.Err.Length - 3000)..]);
            var master = File.ReadAllText(Path.Combine(work, "master.m3u8"));
            var variants = Regex.Matches(master, @"#EXT-X-STREAM-INF:BANDWIDTH=(\d+),RESOLUTION=(\d+)x(\d+).*\n(\S+)/index.m3u8");
            Assert.Equal(renditions.Select(r => r.Name), variants.Select(m => m.Groups[4].Value));
            var segment = scenario.Delivery.SegmentDuration.Seconds;
            for (var i = 0; i < renditions.Length; i++)
            {
                var (r, m) = (renditions[i], variants[i]);
                // ffmpeg's HLS muxer declares (video maxrate + audio bitrate) + 10%.
                Assert.Equal((long)Math.Round((r.Bitrate.BitsPerSecond + EncoderLadder.AudioBitrate) * 1.1), long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                Assert.Equal($"{r.Width}x{r.Height}", $"{m.Groups[2].Value}x{m.Groups[3].Value}");
                var playlist = File.ReadAllText(Path.Combine(work, r.Name, "index.m3u8"));
                var durations = Regex.Matches(playlist, @"#EXTINF:([\d.]+),").Select(x => double.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
                Assert.True(durations.Count >= 3, playlist);
                Assert.All(durations[..^1], d => Assert.Equal(segment, d, 2));
                // The segment itself, read by ffprobe: the rung's resolution and the segment's duration, starting on a keyframe.
                var probe = Tools.Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height:format=duration", "-show_entries", "frame=key_frame", "-read_intervals", "%+#1", "-of", "default=nw=1", Path.Combine(work, r.Name, "segment_00000.ts")]);
                Assert.True(probe.Code == 0, probe.Err);
                Assert.Contains($"width={r.Width}", probe.Out, StringComparison.Ordinal);
                Assert.Contains($"height={r.Height}", probe.Out, StringComparison.Ordinal);
                Assert.Contains("key_frame=1", probe.Out, StringComparison.Ordinal);
                var duration = double.Parse(Regex.Match(probe.Out, @"duration=([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
                Assert.Equal(segment, duration, 1);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Length of the night from the last sample of the exposition, seconds.</summary>
    private static long NightSeconds(string dir)
    {
        var last = File.ReadLines(Path.Combine(dir, "night.om")).Where(l => l.StartsWith("streaming_viewers{", StringComparison.Ordinal)).Last();
        return long.Parse(last.Split(' ')[^1], CultureInfo.InvariantCulture) - Epoch;
    }

    private sealed record ExpectedAlert(string Alert, string Labels, double Start, double? End);

    private static List<ExpectedAlert> Expected(string dir) =>
        [.. File.ReadAllLines(Path.Combine(dir, "expected-alerts.csv")).Skip(1).Select(l => l.Split(','))
            .Select(p => new ExpectedAlert(p[0], p[1], double.Parse(p[2], CultureInfo.InvariantCulture), p[3].Length == 0 ? null : double.Parse(p[3], CultureInfo.InvariantCulture)))];
}
