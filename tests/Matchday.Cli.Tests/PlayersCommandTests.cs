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

    [Fact] // A capped bitrate over a fast trace was unexplained: the report named the player but not the device.
    public void Single_session_names_its_device_and_the_bitrate_the_device_plays_up_to()
    {
        // Seed 1's viewer 0 is on the built-in mobile profile (1.2 Mbps: 480p on the built-in ladder).
        string[] run = ["players", "--trace", Trace("fcc-sd", "trace0000.json"), "--watch", "5 min", "--format", "json"];
        var (code, json, err) = CliRunner.Run(run);
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal("mobile", doc.GetProperty("device").GetString());
        Assert.Equal(1_200_000, doc.GetProperty("device_max_bitrate").GetDouble());
        Assert.True(doc.GetProperty("mean_bitrate").GetDouble() <= 1_200_000);
        var (_, table, _) = CliRunner.Run(run[..^2]);
        Assert.Contains("mobile (plays up to 1.20 Mbps; --no-device-cap lifts it)", table, StringComparison.Ordinal);
        // Without the cap the device is still named, and plays the whole ladder.
        var (_, free, _) = CliRunner.Run([.. run, "--no-device-cap"]);
        var freeDoc = JsonDocument.Parse(free).RootElement;
        Assert.Equal("mobile", freeDoc.GetProperty("device").GetString());
        Assert.Equal(JsonValueKind.Null, freeDoc.GetProperty("device_max_bitrate").ValueKind);
        // Reference mode has no devices.
        var (_, reference, _) = CliRunner.Run("players", "--trace", Trace("fcc-sd", "trace0000.json"), "--mode", "reference", "--watch", "5 min", "--format", "json");
        Assert.Equal("", JsonDocument.Parse(reference).RootElement.GetProperty("device").GetString());
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
    [InlineData("--max-buffer", "1 ms", "--max-buffer 1 ms: must hold the startup buffer of dynamicdash, 12 s, and a segment: at least 18 s with 6 s segments")]
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

    [Fact] // Regression: --max-buffer was held to the mode's two-segment start although every device runs a player of its own.
    public void Max_buffer_must_hold_what_the_runs_own_players_wait_for()
    {
        // cricket-final: 4 s segments; phones run ExoPlayer (resumes at 2 s), TVs Shaka and laptops hls.js (first segment in).
        var (code, output, err) = CliRunner.Run("players", RepoPaths.Example("cricket-final.yaml"), "--viewers", "200", "--watch", "2 min", "--max-buffer", "6 s");
        Assert.True(code == 0, err);
        Assert.Contains("each device's player", output, StringComparison.Ordinal);
        (code, output, err) = CliRunner.Run("players", RepoPaths.Example("cricket-final.yaml"), "--viewers", "200", "--watch", "2 min", "--max-buffer", "5 s");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("--max-buffer 5 s: must hold the startup buffer of phone (exoplayer), 2 s, and a segment: at least 6 s with 4 s segments", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run("players", "--abr", "shaka", "--viewers", "10", "--watch", "1 min", "--max-buffer", "5 s");
        Assert.Equal(2, code);
        Assert.Contains("--max-buffer 5 s: must hold a segment: at least 6 s with 6 s segments", err, StringComparison.Ordinal);
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
        // Each line says how the session ended (a trace that never delivers is not a completed session with zeros).
        Assert.EndsWith(",outcome", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.EndsWith(",completed", l, StringComparison.Ordinal));
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
    public void The_class_table_has_no_player_column_when_every_class_mixes_players()
    {
        static string Header(string output, string title)
        {
            var lines = output.Split('\n');
            var at = Array.FindIndex(lines, l => l.Trim() == title);
            Assert.True(at >= 0, output);
            return lines[at + 2];
        }
        // Devices run their players: every class mixes them, so the class table has no player column; the device table has.
        var (code, output, err) = CliRunner.Run("players", RepoPaths.Example("cricket-final.yaml"), "--viewers", "300", "--watch", "2 min");
        Assert.True(code == 0, err);
        Assert.DoesNotContain("player", Header(output, "By network class"));
        Assert.Contains("│ player ", Header(output, "By device and player"));
        // A trace set runs the built-in device mix: the same two tables, every row of the class table filled.
        (code, output, err) = CliRunner.Run("players", "--traces", RepoPaths.Samples(), "--viewers", "200", "--watch", "2 min", "--abr", "bba");
        Assert.True(code == 0, err);
        Assert.DoesNotContain("player", Header(output, "By network class"));
        Assert.Contains(output.Split('\n'), l => l.StartsWith("│ all ", StringComparison.Ordinal) && !l.Contains("│ - ", StringComparison.Ordinal));
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
    [Theory]
    [InlineData("20s")]
    [InlineData("1 min")]
    public void Long_segments_get_a_buffer_that_holds_the_start_and_one_more_segment(string segment)
    {
        // 30 s cannot hold a two-segment start and the next segment of 20 s: the default cap grows to that (60 s, 3 min).
        var (code, _, err) = CliRunner.Run("players", "--set", $"delivery.segment_duration={segment}", "--viewers", "50", "--watch", "10 min");
        Assert.True(code == 0, err);
        // simulate exits 1 when the night breaks an objective: a verdict, not an error.
        var (simCode, simOut, simErr) = CliRunner.Run("simulate", "--set", $"delivery.segment_duration={segment}", "--players", "50", "--format", "json");
        Assert.True(simCode is 0 or 1, simErr);
        using var doc = JsonDocument.Parse(simOut);
        Assert.Equal("simulate", doc.RootElement.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("--abr", "fixed:7", "rung 7 is not on the ladder (its rungs are 0 to 6)")]
    [InlineData("--abr", "bola@cap:1000", "cap at rung 1000, which is not on the ladder (its rungs are 0 to 6)")]
    [InlineData("--rampup-threshold", "7", "--rampup-threshold 7: rung 7 is not on the ladder")]
    [InlineData("--rampup-threshold", "x", "--rampup-threshold x: expected a rung number")]
    [InlineData("--gamma-p", "abc", "--gamma-p abc: expected a number of seconds")]
    [InlineData("--threads", "1.5", "--threads 1.5: expected a whole number of threads")]
    [InlineData("--half-life", "1,2,3,4,5", "--half-life '1,2,3,4,5': at most 4 values")]
    [InlineData("--abr", "@cap:2", "unknown ABR '@cap:2'")]
    [InlineData("--traces", "", "--traces: empty path")]
    public void A_rung_or_number_the_run_cannot_take_is_an_error_naming_the_option(string option, string value, string message)
    {
        var (code, _, err) = CliRunner.Run("players", "--viewers", "20", "--watch", "1 min", option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Half_lives_may_be_separated_by_commas_and_spaces()
    {
        var (code, _, err) = CliRunner.Run("players", "--viewers", "20", "--watch", "1 min", "--abr", "throughput", "--half-life", "3, 8");
        Assert.True(code == 0, err);
    }

    [Fact]
    public void Trace_and_traces_together_are_an_error()
    {
        var (code, _, err) = CliRunner.Run("players", "--trace", Trace("fcc-sd", "trace0000.json"), "--traces", Path.Combine(RepoPaths.Root, "samples", "traces"));
        Assert.Equal(2, code);
        Assert.Contains("--trace and --traces: give one", err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_log_and_the_output_are_written_together_or_not_at_all()
    {
        var dir = Directory.CreateTempSubdirectory("matchday-log-").FullName;
        try
        {
            var log = Path.Combine(dir, "log.csv");
            string[] run = ["players", "--trace", Trace("fcc-sd", "trace0000.json"), "--watch", "1 min", "--log", log];
            // The output cannot be written: no log is left either.
            var (code, _, err) = CliRunner.Run([.. run, "--out", "/proc/matchday-no-such-file.json"]);
            Assert.Equal(2, code);
            Assert.Contains("--out /proc/matchday-no-such-file.json", err, StringComparison.Ordinal);
            Assert.False(File.Exists(log));
            // One file for both is an error, before anything is written.
            var (same, _, sameErr) = CliRunner.Run([.. run, "--out", log]);
            Assert.Equal(2, same);
            Assert.Contains("is also the file of --log", sameErr, StringComparison.Ordinal);
            Assert.False(File.Exists(log));
            // Both good: both written, and nothing staged is left beside them.
            var output = Path.Combine(dir, "out.json");
            var (ok, _, okErr) = CliRunner.Run([.. run, "--out", output, "--format", "json"]);
            Assert.True(ok == 0, okErr);
            Assert.StartsWith("kind,", File.ReadAllText(log), StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(File.ReadAllText(output));
            Assert.Equal(new[] { "log.csv", "out.json" }, Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
            // A log folder that does not exist is named as the log's, before the run.
            var (bad, _, badErr) = CliRunner.Run("players", "--trace", Trace("fcc-sd", "trace0000.json"), "--log", Path.Combine(dir, "missing", "log.csv"));
            Assert.Equal(2, bad);
            Assert.Contains("--log ", badErr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Without_the_device_cap_every_device_keeps_its_player()
    {
        // A device that names its player runs it with or without its screen's cap.
        var scenario = Path.Combine(Path.GetTempPath(), $"matchday-players-{Guid.NewGuid():N}.yaml");
        var text = Core.Scenarios.Presets.Text(Core.Scenarios.Presets.Default)!
            .Replace("{ name: mobile,   bitrate: 1.2 Mbps,  share: 35% }", "{ name: mobile,   bitrate: 1.2 Mbps,  share: 35%, player: exoplayer }", StringComparison.Ordinal);
        Assert.Contains("player: exoplayer", text, StringComparison.Ordinal);
        File.WriteAllText(scenario, text);
        try
        {
            foreach (var extra in new[] { Array.Empty<string>(), ["--no-device-cap"] })
            {
                var (code, output, err) = CliRunner.Run(["players", scenario, "--viewers", "200", "--watch", "2 min", "--format", "json", .. extra]);
                Assert.True(code == 0, err);
                using var doc = JsonDocument.Parse(output);
                var mobile = doc.RootElement.GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "mobile");
                Assert.Equal("exoplayer", mobile.GetProperty("player").GetString());
            }
        }
        finally
        {
            File.Delete(scenario);
        }
    }

    [Fact]
    public void The_scenarios_viewers_section_sets_how_patient_the_players_viewers_are()
    {
        // Nobody leaves at startup and the mean stall patience is a day: no viewer abandons, where the defaults lose some
        // on the built-in mix's poor class.
        var scenario = Path.Combine(Path.GetTempPath(), $"matchday-patient-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(scenario, Core.Scenarios.Presets.Text(Core.Scenarios.Presets.Default) + "\nviewers:\n  startup_tolerance: 10 min\n  startup_abandonment: 0%\n  stall_patience: 1 d\n");
        try
        {
            static int Abandoned(string json)
            {
                using var doc = JsonDocument.Parse(json);
                return doc.RootElement.GetProperty("overall").GetProperty("abandoned").GetInt32();
            }
            var (code, patient, err) = CliRunner.Run("players", scenario, "--viewers", "3000", "--watch", "10 min", "--format", "json");
            Assert.True(code == 0, err);
            var (code2, builtIn, err2) = CliRunner.Run("players", "--viewers", "3000", "--watch", "10 min", "--format", "json");
            Assert.True(code2 == 0, err2);
            Assert.Equal(0, Abandoned(patient));
            Assert.True(Abandoned(builtIn) > 0, "the built-in defaults should lose some viewers");
        }
        finally
        {
            File.Delete(scenario);
        }
    }
}
