using System.Text.Json;

namespace Matchday.Cli.Tests;

[Collection("console")]
public sealed class PlayersCommandTests
{
    private static string Trace(string set, string file) => Path.Combine(RepoPaths.Root, "samples", "traces", set, file);

    [Fact]
    public void Single_session_prints_its_metrics()
    {
        var (code, output, _) = CliRunner.Run("players", "--trace", Trace("fcc-sd", "trace0000.json"), "--mode", "reference", "--abr", "bola", "--watch", "5 min");
        Assert.Equal(0, code);
        Assert.Contains("completed", output, StringComparison.Ordinal);
        Assert.Contains("rebuffer ratio (Sabre: stall / session time)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Population_json_has_overall_and_per_class_distributions()
    {
        var (code, output, err) = CliRunner.Run("players", "--viewers", "300", "--watch", "2 min", "--format", "json", "--seed", "3");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(300, root.GetProperty("viewers").GetInt32());
        Assert.Equal(300, root.GetProperty("overall").GetProperty("viewers").GetInt32());
        Assert.Equal(4, root.GetProperty("cohorts").GetArrayLength()); // worldcup-2022: excellent, good, fair, poor
        Assert.True(root.GetProperty("overall").GetProperty("startup_time").GetProperty("p95").GetDouble() > 0);
    }

    [Fact]
    public void Csv_is_one_line_per_viewer_and_the_same_for_the_same_seed()
    {
        string[] args = ["players", "--traces", Path.Combine(RepoPaths.Root, "samples", "traces"), "--viewers", "40", "--watch", "1 min", "--format", "csv"];
        var (code, first, _) = CliRunner.Run(args);
        var (_, second, _) = CliRunner.Run([.. args, "--threads", "1"]);
        Assert.Equal(0, code);
        Assert.Equal(41, first.TrimEnd('\n').Split('\n').Length);
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_playlist_window_makes_players_behind_it_jump_to_the_live_edge()
    {
        // A 20 Mbps line that drops out for 90 s in every 4 minutes (the session starts at a random point of the loop, so
        // 8 minutes cross at least one outage): behind a 1 min window the viewer jumps to the live edge; without a
        // window (the default) the table has no jump rows and the latency keeps the stalls.
        var trace = Path.Combine(Path.GetTempPath(), $"matchday-outage-{Guid.NewGuid():N}.json");
        File.WriteAllText(trace, """[{"duration_ms": 120000, "bandwidth_kbps": 20000, "latency_ms": 20}, {"duration_ms": 90000, "bandwidth_kbps": 0, "latency_ms": 20}, {"duration_ms": 30000, "bandwidth_kbps": 20000, "latency_ms": 20}]""");
        try
        {
            string[] run = ["players", "--trace", trace, "--watch", "8 min", "--no-viewer-abandonment", "--mode", "live", "--format", "json"];
            var (code, dvr, err) = CliRunner.Run(run);
            Assert.True(code == 0, err);
            var (code2, window, err2) = CliRunner.Run([.. run, "--set", "delivery.live_window=1 min"]);
            Assert.True(code2 == 0, err2);
            using var a = JsonDocument.Parse(dvr);
            using var b = JsonDocument.Parse(window);
            Assert.Equal(0, a.RootElement.GetProperty("live_skips").GetInt32());
            Assert.True(b.RootElement.GetProperty("live_skips").GetInt32() >= 1);
            Assert.True(b.RootElement.GetProperty("skipped_media").GetDouble() >= 60);
            Assert.True(b.RootElement.GetProperty("final_latency_to_live").GetDouble() < a.RootElement.GetProperty("final_latency_to_live").GetDouble() - 30);

            var (_, table, _) = CliRunner.Run(["players", "--trace", trace, "--watch", "8 min", "--no-viewer-abandonment", "--set", "delivery.live_window=1 min"]);
            Assert.Contains("jumps to the live edge (window 1 min)", table, StringComparison.Ordinal);
            var (_, plain, _) = CliRunner.Run(["players", "--trace", trace, "--watch", "8 min"]);
            Assert.DoesNotContain("jumps to the live edge", plain, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(trace);
        }
    }

    [Fact]
    public void A_playlist_window_below_three_segments_is_bad_input()
    {
        var (code, output, err) = CliRunner.Run("players", "--viewers", "10", "--set", "delivery.live_window=10 s");
        Assert.Equal(2, code);
        Assert.Contains("delivery.live_window: must hold at least three segments (18 s)", err, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("--trace", "/no/such/trace.json", "trace file not found")]
    [InlineData("--abr", "mpc", "unknown ABR 'mpc': expected one of throughput, bola, bolae, dynamic, dynamicdash, bba, fixed:N")]
    [InlineData("--abr", "dyn", "ambiguous ABR 'dyn': could be dynamic or dynamicdash")]
    [InlineData("--watch", "forever", "--watch forever")]
    [InlineData("--ladder", "/no/such/movie.json", "manifest file not found")]
    [InlineData("--latency", "-5 ms", "--latency -5 ms: must be zero or positive")]
    [InlineData("--half-life", "3,x", "--half-life '3,x': 'x' is not a positive number")]
    [InlineData("--window", "2.5", "--window: 2.5 is not a whole number of samples")]
    [InlineData("--window", "30", "--window '30': 30 is above the most it takes, 20 samples")]
    [InlineData("--window", "1e10", "--window '1e10': 1e10 is above the most it takes, 20 samples")]
    [InlineData("--window", "1,2,,3", "--window '1,2,,3': an empty item between commas")]
    [InlineData("--half-life", "1e308", "--half-life '1e308': 1e308 is above the most it takes, 3600 s")]
    [InlineData("--watch", "366 d", "--watch 366 d: must be at most 1 d")]
    [InlineData("--gamma-p", "0", "--gamma-p 0: must be a number of seconds above 0 and at most 600")]
    [InlineData("--threads", "0", "--threads 0: must be from 1 to 1024")]
    [InlineData("--rampup-threshold", "-1", "--rampup-threshold -1: must be a rung index")]
    [InlineData("--max-buffer", "1 ms", "--max-buffer 1 ms: must hold the startup buffer (two segments) and one more, at least 18 s with 6 s segments")]
    [InlineData("--multiplier", "1e300", "must be a positive number, at most 1000")]
    [InlineData("--latency", "2 h", "--latency 2 h: must be at most 1 min")]
    [InlineData("--log", "/tmp/x.csv", "--log needs --trace")]
    public void Bad_input_exits_2_with_a_message(string option, string value, string message)
    {
        var (code, output, err) = CliRunner.Run("players", option, value, "--viewers", "10");
        Assert.Equal(2, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public void More_viewers_than_one_run_keeps_is_bad_input()
    {
        // 2^31 - 1 viewers once ran out of memory allocating their rows.
        var (code, output, err) = CliRunner.Run("players", "--viewers", "2147483647");
        Assert.Equal(2, code);
        Assert.Contains("--viewers 2,147,483,647: at most 10,000,000 in one run", err, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public void A_malformed_manifest_is_located_and_nothing_is_written()
    {
        var dir = Directory.CreateTempSubdirectory("matchday-players-");
        try
        {
            var manifest = Path.Combine(dir.FullName, "movie.json");
            File.WriteAllText(manifest, "{\"segment_duration_ms\": 3000,\n \"bitrates_kbps\": [230, 331],\n \"segment_sizes_bits\": [[1, 2], [3]]}");
            var outFile = Path.Combine(dir.FullName, "out.txt");
            var (code, _, err) = CliRunner.Run("players", "--trace", Trace("fcc-sd", "trace0000.json"), "--mode", "reference", "--ladder", manifest, "--out", outFile);
            Assert.Equal(2, code);
            Assert.Contains("movie.json:3:33: segment_sizes_bits[1]: expected 2 sizes, one per rung, found 1", err, StringComparison.Ordinal);
            Assert.False(File.Exists(outFile));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Log_is_one_line_per_download_or_wait_in_Sabre_units()
    {
        var dir = Directory.CreateTempSubdirectory("matchday-players-");
        try
        {
            var log = Path.Combine(dir.FullName, "log.csv");
            var (code, output, err) = CliRunner.Run("players", "--trace", Trace("fcc-sd", "trace0000.json"), "--mode", "reference", "--abr", "bolae", "--abandon-downloads", "--watch", "5 min", "--log", log);
            Assert.True(code == 0, err);
            Assert.Contains("time-average score (Sabre)", output, StringComparison.Ordinal);
            var lines = File.ReadAllLines(log);
            Assert.StartsWith("kind,segment,rung,start_ms,end_ms,downloaded_bits,size_bits,time_ms,ttfb_ms,download_ms,buffer_before_ms", lines[0], StringComparison.Ordinal);
            Assert.Equal(50, lines.Count(l => l.StartsWith("download,", StringComparison.Ordinal))); // 5 min of the scenario's 6 s segments
            Assert.StartsWith("download,0,0,0,", lines[1], StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Reference_mode_over_a_trace_set_is_one_Sabre_style_line_per_trace()
    {
        var (code, output, err) = CliRunner.Run("players", "--mode", "reference", "--traces", Path.Combine(RepoPaths.Root, "samples", "traces", "fcc-sd"), "--abr", "throughput", "--watch", "5 min", "--format", "csv");
        Assert.True(code == 0, err);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.StartsWith("set,trace,segments,time_average_bitrate_kbps,total_played_bitrate_kbps,rebuffer_ratio", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length); // header + trace0000..0002
        Assert.StartsWith("fcc-sd,trace0000.json,50,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_run_the_players_their_profiles_name_and_the_report_is_per_device()
    {
        var (code, output, err) = CliRunner.Run("players", RepoPaths.Example("cricket-final.yaml"), "--viewers", "600", "--watch", "5 min", "--format", "json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var devices = doc.RootElement.GetProperty("devices");
        Assert.Equal(3, devices.GetArrayLength());
        Assert.Equal(["exoplayer", "shaka", "hls.js"], devices.EnumerateArray().Select(d => d.GetProperty("player").GetString()));
        Assert.Equal(600, devices.EnumerateArray().Sum(d => d.GetProperty("viewers").GetInt32()));
        Assert.Equal("each device's player", doc.RootElement.GetProperty("abr").GetString());
        // --abr overrides the scenario's players.
        var (_, forced, _) = CliRunner.Run("players", RepoPaths.Example("cricket-final.yaml"), "--viewers", "200", "--watch", "5 min", "--format", "json", "--abr", "bba");
        using var doc2 = JsonDocument.Parse(forced);
        Assert.All(doc2.RootElement.GetProperty("devices").EnumerateArray(), d => Assert.Equal("bba", d.GetProperty("player").GetString()));
    }

    [Fact]
    public void Text_traces_take_a_latency()
    {
        var dir = Directory.CreateTempSubdirectory("matchday-players-");
        try
        {
            var log = Path.Combine(dir.FullName, "log.csv");
            var (code, _, err) = CliRunner.Run("players", "--trace", Path.Combine(RepoPaths.Root, "samples", "traces", "norway-3g-text", "norway_bus_1"),
                "--mode", "reference", "--abr", "fixed:0", "--watch", "1 min", "--latency", "100 ms", "--log", log);
            Assert.True(code == 0, err);
            var downloads = File.ReadAllLines(log).Skip(1).Where(l => l.StartsWith("download,", StringComparison.Ordinal)).ToList();
            Assert.Equal(10, downloads.Count);
            Assert.All(downloads, l => Assert.Equal("100", l.Split(',')[8])); // ttfb_ms
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Devices_cap_what_the_population_pulls()
    {
        static double Pulled(string json)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            return doc.RootElement.GetProperty("overall").GetProperty("average_pulled_bitrate").GetDouble();
        }
        var (code, capped, error) = CliRunner.Run("players", "--viewers", "2000", "--watch", "10 min", "--format", "json");
        Assert.True(code == 0, error);
        var (code2, free, error2) = CliRunner.Run("players", "--viewers", "2000", "--watch", "10 min", "--format", "json", "--no-device-cap");
        Assert.True(code2 == 0, error2);
        // The built-in mix caps 95% of viewers at 4.8 Mbps or less; without it the fast networks take 8-12 Mbps.
        Assert.True(Pulled(capped) < 0.6 * Pulled(free), $"{Pulled(capped)} vs {Pulled(free)}");
    }
}
