using Matchday.Core.Scenarios;
namespace Matchday.Cli.Tests;

/// <summary>Paths and files that once crashed a command: each is now one line of error and exit 2, nothing written.</summary>
[Collection("console")]
public sealed class HostileInputCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("matchday-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void AssertBadInput((int Code, string Out, string Err) run, string expected)
    {
        Assert.Equal(2, run.Code);
        Assert.Empty(run.Out);
        Assert.Contains(expected, run.Err);
        Assert.DoesNotContain("   at ", run.Err);
        Assert.DoesNotContain("Exception", run.Err);
    }

    [Fact] // Regression: a symlink loop threw an unhandled IOException.
    public void A_symlink_loop_is_one_line_of_error()
    {
        var a = Path.Combine(_dir, "a.yaml");
        var b = Path.Combine(_dir, "b.yaml");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        foreach (var command in new[] { "plan", "audit", "scenario validate", "simulate" })
            AssertBadInput(CliRunner.Run([.. command.Split(' '), a]), "a.yaml (file): cannot be read");
    }

    [Theory] // Regression: a negative or fractional seed printed the parser's "as expected type 'System.UInt64'".
    [InlineData("simulate", "-1")]
    [InlineData("players", "1e3")]
    [InlineData("sweep", "x")]
    public void A_seed_that_is_not_a_whole_number_says_what_a_seed_is(string command, string seed)
    {
        string[] args = command == "sweep" ? ["sweep", "--vary", "delivery.headroom_buffer=10%,20%", "--seed", seed] : [command, "--seed", seed];
        var run = CliRunner.Run(args);
        AssertBadInput(run, $"--seed {seed}: expected a whole number from 0 to 18,446,744,073,709,551,615");
        Assert.DoesNotContain("UInt64", run.Err);
    }

    [Theory] // Regression: each said "Argument 'x' not recognized. Must be one of:" without naming the option.
    [InlineData("simulate --capacity nope", "--capacity nope: expected one of plan, scenario")]
    [InlineData("players --mode Live", "--mode Live: expected one of live, vod, reference (did you mean 'live'?)")]
    [InlineData("players --moving-average ewmaa", "--moving-average ewmaa: expected one of ewma, sliding (did you mean 'ewma'?)")]
    public void A_word_outside_an_options_closed_set_names_the_option_and_the_set(string command, string message) =>
        AssertBadInput(CliRunner.Run(command.Split(' ')), message);

    [Fact] // Regression: sweep --threads 4k and players --multiplier x printed "as expected type 'System.Nullable`1[System.Int32]'".
    public void Every_typed_option_of_every_command_says_what_it_expected_not_the_parsers_type()
    {
        static IEnumerable<System.CommandLine.Command> All(System.CommandLine.Command c) => c.Subcommands.SelectMany(All).Prepend(c);
        var checkedOptions = 0;
        foreach (var command in All(MatchdayApp.Build()).Where(c => c.Parents.Any()))
        {
            var path = new List<string>();
            for (var c = command; c.Parents.FirstOrDefault() is System.CommandLine.Command parent; c = parent) path.Insert(0, c.Name);
            foreach (var option in command.Options.Where(o => o.ValueType != typeof(string) && o.ValueType != typeof(string[]) && o.ValueType != typeof(bool) && !o.Hidden && o.Name != "--help"))
            {
                checkedOptions++;
                var (code, _, err) = CliRunner.Run([.. path, option.Name, "x?"]);
                Assert.True(code == 2, $"{string.Join(' ', path)} {option.Name} x?: exit {code}");
                Assert.DoesNotContain("expected type", err, StringComparison.Ordinal);
                Assert.DoesNotContain("System.", err, StringComparison.Ordinal);
                Assert.Contains(option.Name, err, StringComparison.Ordinal);
            }
        }
        Assert.True(checkedOptions >= 10, $"{checkedOptions} typed options");
    }

    [Theory] // Regressions: each of these was accepted with exit 0 and a result.
    [InlineData("simulate --fail-on ", "--fail-on: an empty objective")]
    [InlineData("simulate --fail-on availability,", "--fail-on: an empty objective")]
    [InlineData("plan --availability 100%", "--availability 100%: must be above 0% and below 100%")]
    [InlineData("plan --availability 0%", "--availability 0%: must be above 0% and below 100%")]
    public void Empty_and_out_of_range_gate_values_are_bad_input(string command, string message)
    {
        var parts = command.Split(' ');
        AssertBadInput(CliRunner.Run(parts), message);
    }

    [Fact] // Regression: a rule ending in a comma ran with the actions before it.
    public void A_rule_whose_action_list_ends_in_a_comma_is_located()
    {
        var run = CliRunner.Run("simulate", "--rule", "shed: latency_p95 > 500 ms for 1 min then activate-all-cdns,");
        AssertBadInput(run, "col 61: the rule ends here: expected an action after ','");
    }

    [Fact] // Regression: a saved output with a key given twice threw ArgumentException out of diff.
    public void Diff_of_a_saved_output_with_a_duplicate_key_is_located()
    {
        var a = Path.Combine(_dir, "a.json");
        var b = Path.Combine(_dir, "b.json");
        Assert.Equal(0, CliRunner.Run("plan", "--format", "json", "--out", a).Code);
        File.WriteAllText(b, "{\"kind\": \"plan\", \"kind\": \"plan\", \"inputs\": {}}");
        AssertBadInput(CliRunner.Run("diff", a, b), "malformed JSON: Duplicate property 'kind'");
    }

    [Fact] // Regression: "plan x.yaml -o x.yaml" replaced the scenario with the plan's table.
    public void Out_naming_an_input_is_refused_and_the_input_kept()
    {
        var scenario = Path.Combine(_dir, "x.yaml");
        File.Copy(Path.Combine(RepoPaths.Root, "examples", "cricket-final.yaml"), scenario);
        var before = File.ReadAllText(scenario);
        AssertBadInput(CliRunner.Run("plan", scenario, "--out", scenario), "is an input of this run; writing there would replace it");
        Assert.Equal(before, File.ReadAllText(scenario));
    }

    [Fact]
    public void An_empty_scenario_name_says_what_to_give()
    {
        AssertBadInput(CliRunner.Run("plan", ""), "the scenario is an empty name: give a scenario file or a built-in name (worldcup-2022)");
    }

    [Fact] // Regression: 100,000 unknown keys printed 100,014 lines (326 MB).
    public void Errors_beyond_a_hundred_are_counted_not_printed()
    {
        var path = Path.Combine(_dir, "many.yaml");
        File.WriteAllText(path, Presets.Text(Presets.Default) + string.Concat(Enumerable.Range(0, 500).Select(i => $"unknown_{i}: 1\n")));
        var run = CliRunner.Run("plan", path);
        var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, run.Code);
        Assert.Equal(102, lines.Length);
        Assert.Equal("(400 more errors not shown)", lines[^2]);
        Assert.Equal("500 error(s); nothing was written.", lines[^1]);
    }

    [Fact] // Regression: a crash exited 1, the code of a broken objective, so a CI gate read a bug as a verdict.
    public void An_internal_error_has_an_exit_code_of_its_own_and_asks_for_a_report()
    {
        using var err = new StringWriter();
        var code = MatchdayApp.Crashed(new InvalidOperationException("boom"), err);
        Assert.Equal(70, code);
        Assert.NotEqual(1, code);
        Assert.NotEqual(2, code);
        Assert.StartsWith("internal error: InvalidOperationException: boom", err.ToString(), StringComparison.Ordinal);
        Assert.Contains("This is a bug in Matchday", err.ToString(), StringComparison.Ordinal);
    }

    [Fact] // Regression: run as root, --out /dev/full replaced the device with a regular file and said "wrote".
    public void Out_naming_a_device_writes_to_it_and_leaves_it_a_device()
    {
        AssertBadInput(CliRunner.Run("plan", "--out", "/dev/full"), "--out /dev/full: No space left on device");
        var (code, _, err) = CliRunner.Run("plan", "--format", "json", "--out", "/dev/null");
        Assert.True(code == 0, err);
        Assert.Equal("", File.ReadAllText("/dev/null")); // still the null device: a file would read back the plan
    }

    [Fact] // Regression: --out naming a named pipe replaced the pipe with a regular file, and its reader got nothing.
    public async Task Out_naming_a_named_pipe_writes_into_it_and_leaves_it_a_pipe()
    {
        if (!OperatingSystem.IsLinux()) return;
        var pipe = Path.Combine(_dir, "plan.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", pipe)) mkfifo.WaitForExit();
        // The reader opens the pipe and waits for the writer, as `cat plan.json` in another shell would.
        var reader = Task.Run(() => File.ReadAllText(pipe));
        var (code, _, err) = CliRunner.Run("plan", "--format", "json", "--out", pipe);
        Assert.True(code == 0, err);
        var text = await reader.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("{", text, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"plan\"", text, StringComparison.Ordinal);
        var stat = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%F", pipe]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(stat)!;
        Assert.Equal("fifo", process.StandardOutput.ReadToEnd().Trim());
        // A regular file beside it is still written through a temporary file and renamed.
        var file = Path.Combine(_dir, "file.json");
        File.WriteAllText(file, "old");
        Assert.Equal(0, CliRunner.Run("plan", "--format", "json", "--out", file).Code);
        Assert.StartsWith("{", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Theory] // Regression: a stdout that refused the write (> /dev/full) was an internal error (exit 70) with a stack trace.
    [InlineData("table")]
    [InlineData("csv")]
    public void A_stdout_that_refuses_the_write_is_an_error_the_user_can_act_on(string format)
    {
        if (!OperatingSystem.IsLinux()) return;
        var cli = Path.Combine(AppContext.BaseDirectory, "matchday.dll");
        // The shell's redirect: stdout is the full device, as `matchday players ... > /dev/full`.
        var info = new System.Diagnostics.ProcessStartInfo("sh") { RedirectStandardError = true };
        foreach (var a in new[] { "-c", "exec dotnet \"$0\" players --viewers 200 --watch '1 min' --format \"$1\" > /dev/full", cli, format }) info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        var err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("error: stdout: No space left on device", err, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact] // Regression: the format allowed 20 rungs, the player engine 16, and players said "Player.Ladder.Rungs: at most 16".
    public void A_ladder_of_more_rungs_than_the_player_engine_takes_is_located_at_the_file()
    {
        var rungs = string.Join("\n", Enumerable.Range(0, 17).Select(i => $"    - {{ name: r{i}, bitrate: {(0.2 * Math.Pow(1.25, i)).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} Mbps, encode_cost: 1.0 }}"));
        var preset = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Matchday.Core", "Scenarios", "Presets", "worldcup-2022.yaml"));
        var start = preset.IndexOf("ladder:\n", StringComparison.Ordinal);
        var end = preset.IndexOf("\n\n", start, StringComparison.Ordinal);
        var path = Path.Combine(_dir, "rungs17.yaml");
        File.WriteAllText(path, preset[..start] + "ladder:\n  codec: h264\n  rungs:\n" + rungs + preset[end..]);
        foreach (var command in new[] { "players", "plan" })
        {
            var (code, _, err) = CliRunner.Run(command, path);
            Assert.Equal(2, code);
            Assert.Contains("rungs17.yaml:", err, StringComparison.Ordinal);
            Assert.Contains("ladder.rungs: 17 items; at most 16 are allowed", err, StringComparison.Ordinal);
        }
    }

    [Fact] // Regression: a --ladder manifest's long segments against the scenario's window gave "invalid population options: Player.LiveWindow".
    public void A_live_window_too_short_for_the_manifests_segments_names_the_window_and_the_manifest()
    {
        var manifest = Path.Combine(_dir, "seg60.json");
        File.WriteAllText(manifest, "{\"segment_duration_ms\": 60000, \"bitrates_kbps\": [500, 1000], \"segment_sizes_bits\": [" +
            string.Join(", ", Enumerable.Repeat("[30000000, 60000000]", 5)) + "]}");
        AssertBadInput(CliRunner.Run("players", "--ladder", manifest, "--set", "delivery.live_window=18 s", "--viewers", "100"),
            $"delivery.live_window 18 s: players join 3 segments behind the live edge, 3 min with the 1 min segments of --ladder {manifest}");
        var (code, _, err) = CliRunner.Run("players", "--ladder", manifest, "--set", "delivery.live_window=4 min", "--viewers", "100", "--watch", "5 min");
        Assert.True(code == 0, err);
    }

    [Fact] // Regression: --watch 1ms was silently one 6 s segment.
    public void A_watch_shorter_than_one_segment_is_bad_input()
    {
        AssertBadInput(CliRunner.Run("players", "--viewers", "10", "--watch", "1ms"),
            "--watch 1ms: shorter than one segment (6 s); a viewer watches whole segments (a watch time is rounded up to them)");
        AssertBadInput(CliRunner.Run("players", CliRunner.Example("cricket-final.yaml"), "--viewers", "10", "--watch", "1 s", "--set", "delivery.segment_duration=2 s", "--set", "delivery.playlist_refresh=2 s"),
            "--watch 1 s: shorter than one segment (2 s)");
        var (code, _, err) = CliRunner.Run("players", "--viewers", "10", "--watch", "6 s");
        Assert.True(code == 0, err);
    }

    [Fact] // Regression: diff --limit -1 was accepted and counted "2 more" of one difference; --viewers -5 said "0 or more" and 0 was refused.
    public void A_negative_count_option_is_bad_input()
    {
        AssertBadInput(CliRunner.Run("diff", "worldcup-2022", "--limit", "-1", "--set", "delivery.headroom_buffer=40%"), "--limit -1: must be at least 1");
        AssertBadInput(CliRunner.Run("diff", "worldcup-2022", "--limit", "0", "--set", "delivery.headroom_buffer=40%"), "--limit 0: must be at least 1");
        AssertBadInput(CliRunner.Run("players", "--viewers", "-5"), "--viewers -5: must be at least 1");
        AssertBadInput(CliRunner.Run("players", "--viewers", "0"), "--viewers 0: must be at least 1");
    }

    [Fact] // Regression: --mode reference with segments over 25 s failed on "MaxBuffer: must hold at least one segment".
    public void Reference_mode_takes_segments_longer_than_sabres_buffer()
    {
        var (code, json, err) = CliRunner.Run("players", "--mode", "reference", "--trace", Path.Combine(RepoPaths.Root, "samples", "traces", "fcc-sd", "trace0000.json"),
            "--set", "delivery.segment_duration=30 s", "--watch", "10 min", "--format", "json");
        Assert.True(code == 0, err);
        var doc = System.Text.Json.JsonDocument.Parse(json).RootElement;
        Assert.Equal("completed", doc.GetProperty("outcome").GetString());
        Assert.Equal(20, doc.GetProperty("segments").GetInt32());
    }

    [Fact] // Regression: --out naming a Unix socket renamed a file over it, cutting off whatever listened on it.
    public void Out_naming_a_socket_is_refused_before_any_work_and_leaves_the_socket()
    {
        if (!OperatingSystem.IsLinux()) return;
        var path = Path.Combine(_dir, "service.sock");
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        AssertBadInput(CliRunner.Run("plan", "--format", "json", "--out", path), $"--out {path}: is a socket");
        AssertBadInput(CliRunner.Run("players", "--viewers", "100", "--watch", "1 min", "--out", path), $"--out {path}: is a socket");
        var stat = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(stat)!;
        Assert.Equal("socket", process.StandardOutput.ReadToEnd().Trim());
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Out_naming_a_symbolic_link_replaces_the_file_it_names_and_keeps_the_link()
    {
        var target = Path.Combine(_dir, "target.json");
        var link = Path.Combine(_dir, "link.json");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, target);
        var (code, _, err) = CliRunner.Run("plan", "--format", "json", "--out", link);
        Assert.True(code == 0, err);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.StartsWith("{", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Fact] // Regression: a malformed JSON trace echoed System.Text.Json's "LineNumber: 0 | BytePositionInLine: 41".
    public void A_malformed_json_trace_is_located_once()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "traces")).FullName;
        File.WriteAllText(Path.Combine(dir, "a.json"), "[{\"duration_ms\": 1000, \"bandwidth_kbps\": NaN, \"latency_ms\": 20}]");
        var run = CliRunner.Run("players", "--traces", dir, "--viewers", "10");
        AssertBadInput(run, "a.json:1:42: malformed JSON: 'N' is an invalid start of a value.");
        Assert.DoesNotContain("LineNumber", run.Err);
    }

    private const string Period = "{\"duration_ms\": 1000, \"bandwidth_kbps\": 3000, \"latency_ms\": 20}";

    private string TraceFolder(string name, params string[] files)
    {
        var dir = Path.Combine(_dir, name);
        foreach (var f in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, f))!);
            File.WriteAllText(Path.Combine(dir, f), f.EndsWith(".md", StringComparison.Ordinal) ? "this is not a trace" : $"[{Period}]");
        }
        return dir;
    }

    [Theory] // Regression: a file over about 1 GiB threw OutOfMemoryException (exit 70) out of File.ReadAllText.
    [InlineData("--trace", "trace")]
    [InlineData("--ladder", "manifest")]
    public void A_trace_or_manifest_over_256_MiB_is_refused_before_it_is_read(string option, string what)
    {
        var big = Path.Combine(_dir, "big.json");
        using (var f = File.Create(big)) f.SetLength(300L << 20); // sparse: 300 MiB = 314.6 MB, no disk used
        AssertBadInput(CliRunner.Run("players", option, big), $"big.json: 315 MB is larger than the 256 MiB a {what} file may be");
    }

    [Fact] // Regression: --trace /dev/zero read until OutOfMemoryException (exit 70).
    public void An_endless_device_as_a_trace_stops_at_the_limit()
    {
        if (!File.Exists("/dev/zero")) return;
        AssertBadInput(CliRunner.Run("players", "--trace", "/dev/zero"), "/dev/zero: reads on past 256 MiB, the most a trace file may be");
    }

    [Fact] // Regression: a named pipe in a --traces folder hung the run for ever.
    public void A_named_pipe_in_a_trace_folder_is_an_error_after_the_timeout()
    {
        if (OperatingSystem.IsWindows()) return;
        var dir = TraceFolder("fifo", "a.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(dir, "b.json"))) mkfifo.WaitForExit();
        AssertBadInput(CliRunner.Run("players", "--traces", dir, "--viewers", "10", "--watch", "1 min"), "b.json: could not be read within 10 s (a pipe nobody writes to?)");
    }

    [Fact] // Regression: files beside class sub-folders were ignored, even ones that were no trace.
    public void Trace_files_beside_class_sub_folders_are_an_error_naming_both()
    {
        var dir = TraceFolder("mixed", "top.json", "sub/x.json");
        AssertBadInput(CliRunner.Run("players", "--traces", dir, "--viewers", "10", "--watch", "1 min"),
            "mixed: holds both trace files (top.json) and class sub-folders (sub); move the files into a class sub-folder");
        // README and hidden files beside the sub-folders are not traces: the classes run.
        var ok = TraceFolder("classes", "README.md", ".notes", "good/x.json", "poor/y.json");
        var run = CliRunner.Run("players", "--traces", ok, "--viewers", "10", "--watch", "1 min", "--format", "json");
        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("\"good\"", run.Out);
        Assert.Contains("\"poor\"", run.Out);
    }

    [Theory] // Regressions: a duplicate key ran on its last value; an object was "a bad text trace"; a folder was "Access denied".
    [InlineData("[{\"duration_ms\":1000,\"bandwidth_kbps\":3000,\"bandwidth_kbps\":0,\"latency_ms\":20}]", "t.json:1:44: period 0: 'bandwidth_kbps' is given twice")]
    [InlineData("{\"duration_ms\":1000}", "t.json:1:1: a JSON trace is a list '[' of {\"duration_ms\", \"bandwidth_kbps\", \"latency_ms\"} periods, found an object '{'")]
    [InlineData(null, ": is a folder, not a trace file; give a folder of traces to --traces")]
    public void A_trace_that_is_not_one_says_what_it_is(string? text, string message)
    {
        var path = Path.Combine(_dir, "t.json");
        if (text is null) Directory.CreateDirectory(path);
        else File.WriteAllText(path, text);
        AssertBadInput(CliRunner.Run("players", "--trace", path), message);
    }

    [Theory] // Regression: "The value cannot be an empty string." with no option or path.
    [InlineData("--trace", "--trace: empty path; give a trace file")]
    [InlineData("--traces", "--traces: empty path; give a trace folder or file")]
    [InlineData("--ladder", "--ladder: empty path; give a manifest file")]
    public void An_empty_trace_path_names_its_option(string option, string message) =>
        AssertBadInput(CliRunner.Run("players", option, ""), message);

    [Fact]
    public void A_trace_in_utf16_with_its_byte_order_mark_still_reads()
    {
        var path = Path.Combine(_dir, "utf16.json");
        File.WriteAllText(path, $"[{Period}]", System.Text.Encoding.Unicode);
        var run = CliRunner.Run("players", "--trace", path, "--watch", "1 min", "--format", "json");
        Assert.True(run.Code == 0, run.Err);
    }

    [Fact]
    public void A_directory_given_as_the_scenario_is_one_line_of_error() =>
        AssertBadInput(CliRunner.Run("plan", _dir), "(file): is a directory; expected a scenario file");

    [Fact]
    public void An_endless_device_is_read_no_further_than_the_limit()
    {
        if (!File.Exists("/dev/zero")) return;
        AssertBadInput(CliRunner.Run("scenario", "validate", "/dev/zero"), "larger than 1 MiB");
    }

    [Fact] // Regression: digits of another script threw an unhandled FormatException.
    public void Digits_of_another_script_exit_2_located()
    {
        var (_, yaml, _) = CliRunner.Run("scenario", "export");
        var path = Path.Combine(_dir, "digits.yaml");
        File.WriteAllText(path, yaml.Replace("matches: 48", "matches: ٥٠", StringComparison.Ordinal));
        AssertBadInput(CliRunner.Run("plan", path), "tournament.stages[0].matches: '٥٠' has the digit '٥' (U+0665)");
    }

    [Theory] // Regression: `plan --out DIR` printed a raw exception.
    [InlineData("")]
    [InlineData("/")]
    public void Out_naming_a_directory_or_nothing_is_a_clean_error(string outPath)
    {
        var run = CliRunner.Run("plan", "--out", outPath);
        Assert.Equal(2, run.Code);
        Assert.DoesNotContain("Exception", run.Err);
        Assert.StartsWith("error: --out", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_naming_an_existing_directory_writes_nothing_into_it()
    {
        foreach (var outPath in new[] { _dir, _dir + Path.DirectorySeparatorChar })
        {
            var run = CliRunner.Run("plan", "--format", "json", "--out", outPath);
            AssertBadInput(run, "is a folder; --out takes a file");
            Assert.Empty(Directory.GetFileSystemEntries(_dir));
        }
    }
}
