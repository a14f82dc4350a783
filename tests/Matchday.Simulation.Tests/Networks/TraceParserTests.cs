using Matchday.Core.Units;
using Matchday.Simulation.Networks;

namespace Matchday.Simulation.Tests.Networks;

public class TraceParserTests
{
    [Fact]
    public void Json_list_is_read_in_SI_units()
    {
        var t = TraceParser.Parse("""
            [{"duration_ms": 1000, "bandwidth_kbps": 22485, "latency_ms": 20},
             {"duration_ms": 500, "bandwidth_kbps": 0, "latency_ms": 100}]
            """, "t.json");
        Assert.Equal(2, t.Count);
        Assert.Equal(1.5, t.Length.Seconds, 12);
        Assert.Equal(22.485e6, t.Periods[0].Throughput.BitsPerSecond, 6);
        Assert.Equal(0.1, t.Periods[1].Latency.Seconds, 12);
        // mean = (22.485 Mbps x 1 s + 0 x 0.5 s) / 1.5 s = 14.99 Mbps
        Assert.Equal(14.99e6, t.MeanThroughput.BitsPerSecond, 3);
    }

    [Fact]
    public void Json_missing_field_names_line_and_column()
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceParser.Parse(
            "[\n  {\"duration_ms\": 1000, \"bandwidth_kbps\": 5, \"latency_ms\": 20},\n  {\"duration_ms\": 1000, \"latency_ms\": 20}\n]", "bad.json"));
        Assert.Equal(3, e.Line);
        Assert.Equal(3, e.Column);
        Assert.StartsWith("bad.json:3:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("bandwidth_kbps", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_negative_and_non_numeric_values_are_located()
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceParser.Parse("[{\"duration_ms\": 1000, \"bandwidth_kbps\": -5, \"latency_ms\": 20}]", "n.json"));
        Assert.Equal((1, 42), (e.Line, e.Column));
        Assert.Contains("must not be negative", e.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<TraceFormatException>(() => TraceParser.Parse("[{\"duration_ms\": \"x\", \"bandwidth_kbps\": 5, \"latency_ms\": 20}]", "s.json"));
        Assert.Contains("duration_ms must be a number", e2.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e-300", "1000", "20", 18, "duration_ms must be from 1 ms to a day")]
    [InlineData("0.5", "1000", "20", 18, "duration_ms must be from 1 ms to a day")]
    [InlineData("1e308", "1000", "20", 18, "duration_ms must be from 1 ms to a day")]
    [InlineData("1000", "1e308", "20", 42, "bandwidth_kbps must be at most 100 Gbit/s")]
    [InlineData("1000", "1000", "1e7", 62, "latency_ms must be at most a minute")]
    public void Json_periods_outside_what_a_trace_means_are_located(string duration, string bandwidth, string latency, int column, string problem)
    {
        // Each once crashed or hung the engine: a period of 1e-300 ms read memory out of bounds in the lookahead and
        // looped for ever; 1e308 kbps and 1e308 ms overflowed to Infinity.
        var text = $"[{{\"duration_ms\": {duration}, \"bandwidth_kbps\": {bandwidth}, \"latency_ms\": {latency}}}]";
        var e = Assert.Throws<TraceFormatException>(() => TraceParser.Parse(text, "x.json"));
        Assert.Equal((1, column), (e.Line, e.Column));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact] // Regression: the second bandwidth_kbps silently won, and the session ran on 0 kbit/s.
    public void Json_field_given_twice_in_a_period_is_located_at_the_second()
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceParser.Parse(
            "[{\"duration_ms\":1000,\"bandwidth_kbps\":3000,\"latency_ms\":20},\n {\"duration_ms\":1000,\"bandwidth_kbps\":3000,\"bandwidth_kbps\":0,\"latency_ms\":20}]", "dup.json"));
        Assert.Equal("dup.json:2:44: period 1: 'bandwidth_kbps' is given twice", e.Message);
        // Each period has its own fields: the same names in the next period are not repeats, nor are unknown fields.
        var t = TraceParser.Parse("[{\"duration_ms\":1000,\"bandwidth_kbps\":3000,\"latency_ms\":20,\"note\":1,\"note\":2},{\"duration_ms\":1000,\"bandwidth_kbps\":5,\"latency_ms\":20}]", "ok.json");
        Assert.Equal(2, t.Count);
    }

    [Theory] // Regression: a JSON object was read as a text trace ("expected two columns '<seconds> <Mbit/s>', found 1").
    [InlineData("{\"duration_ms\":1000}", TraceFormat.Auto, "an object '{'")]
    [InlineData("\uFEFF {}", TraceFormat.Auto, "an object '{'")]
    [InlineData("\"periods\"", TraceFormat.JsonList, "a string")]
    public void Json_that_is_not_a_list_says_what_a_json_trace_is(string text, TraceFormat format, string found)
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceParser.Parse(text, "obj.json", format));
        Assert.Equal(1, e.Line);
        Assert.Equal("a JSON trace is a list '[' of {\"duration_ms\", \"bandwidth_kbps\", \"latency_ms\"} periods, found " + found, e.Problem);
        Assert.DoesNotContain("two columns", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_is_a_located_trace_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceParser.Parse("[\n{\"duration_ms\": 1000,, }\n]", "m.json"));
        Assert.Equal(2, e.Line);
        Assert.Contains("malformed JSON", e.Message, StringComparison.Ordinal);
        Assert.Throws<TraceFormatException>(() => TraceParser.Parse("[]", "empty.json"));
        Assert.Throws<TraceFormatException>(() => TraceParser.Parse("", "empty.txt"));
        Assert.Throws<TraceFormatException>(() => TraceParser.Parse("[{\"duration_ms\": 1000", "cut.json"));
    }

    [Fact]
    public void Text_samples_hold_until_the_next_one()
    {
        var t = TraceParser.Parse("0.0\t4.0\n0.5 2.0\r\n# comment\n\n1.5 8\n", "t.txt", textLatency: Duration.FromMilliseconds(80));
        Assert.Equal(3, t.Count);
        var p = t.Periods;
        Assert.Equal([0.5, 1.0, 1.0], p.Select(x => Math.Round(x.Length.Seconds, 9)));
        Assert.Equal([4e6, 2e6, 8e6], p.Select(x => x.Throughput.BitsPerSecond));
        Assert.All(p, x => Assert.Equal(0.08, x.Latency.Seconds, 12));
    }

    [Theory]
    [InlineData("0 4\n0.5 abc\n", 2, 5, "not a number of Mbit/s")]
    [InlineData("0 4\n0 5\n", 2, 1, "does not increase")]
    [InlineData("0 4\n  1\n", 2, 3, "expected two columns")]
    [InlineData("0 4\n1 -2\n", 2, 3, "must not be negative")]
    [InlineData("0 5\n0.000000001 5\n", 2, 1, "samples must be at least 1 ms apart")]
    [InlineData("0 4\n1 1e308\n", 2, 3, "at most 100 Gbit/s")]
    [InlineData("0 4\n1e12 4\n", 2, 1, "must be from 0 to a year")]
    public void Text_errors_are_located(string text, int line, int column, string problem)
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceParser.Parse(text, "x.txt"));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"x.txt:{line}:{column}:", e.Message, StringComparison.Ordinal);
    }

    [Theory] // Regression: an empty .json trace was told "expected lines of '<seconds> <Mbit/s>'", the text layout's hint.
    [InlineData("")]
    [InlineData(" \n\t\r\n")]
    [InlineData("\uFEFF\n")]
    public void An_empty_trace_file_names_both_layouts(string text)
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceParser.Parse(text, "x.json"));
        Assert.Equal((1, 1), (e.Line, e.Column));
        Assert.Equal("x.json:1:1: the trace file is empty: expected a JSON list of {\"duration_ms\", \"bandwidth_kbps\", \"latency_ms\"} periods or lines of '<seconds> <Mbit/s>'", e.Message);
        // A text trace of comments only is a text trace without samples.
        Assert.Contains("has no samples", Assert.Throws<TraceFormatException>(() => TraceParser.Parse("# only a comment\n", "x.txt")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_sample_trace_set_loads()
    {
        foreach (var set in new[] { "fcc-hd", "fcc-sd", "hsdpa-3g", "ghent-4g", "norway-3g-text" })
        {
            var traces = TestTraces.LoadSet(RepoPaths.Samples(set));
            Assert.NotEmpty(traces);
            Assert.All(traces, t => Assert.True(t.MeanThroughput.BitsPerSecond > 0, t.Name));
        }
    }

    [Fact]
    public void The_shipped_FCC_sets_load_with_their_documented_statistics()
    {
        // samples/fcc-mba/README.md: 100 traces a set, 36 periods of 5 s, latency 20 ms; median mean ~16 and ~6 Mbps.
        // Each is a built profile, not a session's measurement: its first minute (12 periods) at 3-13% of the mean of
        // the two minutes after it, and within each level a throughput that barely varies (median CV below 0.2).
        foreach (var (set, median) in new[] { ("fcc-hd", 16.0), ("fcc-sd", 6.0) })
        {
            var traces = TestTraces.LoadSet(Path.Combine(RepoPaths.Root, "samples", "fcc-mba", set));
            Assert.Equal(100, traces.Length);
            Assert.All(traces, t => Assert.Equal(36, t.Count));
            Assert.All(traces, t => Assert.All(t.Periods, p => Assert.Equal(0.02, p.Latency.Seconds, 12)));
            var means = traces.Select(t => t.MeanThroughput.Megabits).Order().ToArray();
            Assert.InRange(means[means.Length / 2], median * 0.9, median * 1.1);

            var cvs = new List<double>();
            foreach (var t in traces)
            {
                var bps = t.Periods.Select(p => p.Throughput.BitsPerSecond).ToArray();
                var low = bps[..12];
                var high = bps[12..];
                Assert.InRange(low.Average() / high.Average(), 0.02, 0.14);
                cvs.Add(Cv(low));
                cvs.Add(Cv(high));
            }
            Assert.True(cvs.Order().ElementAt(cvs.Count / 2) < 0.2, $"{set}: median within-level CV {cvs.Order().ElementAt(cvs.Count / 2):0.000}");
        }

        static double Cv(double[] x)
        {
            var mean = x.Average();
            return Math.Sqrt(x.Select(v => (v - mean) * (v - mean)).Average()) / mean;
        }
    }

    [Fact]
    public void Multiplier_scales_throughput_only()
    {
        var t = NetworkTrace.Constant(Bitrate.FromMegabits(10), Duration.FromMilliseconds(20)).Scale(0.5);
        Assert.Equal(5e6, t.MeanThroughput.BitsPerSecond, 6);
        Assert.Equal(0.02, t.Periods[0].Latency.Seconds, 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Scale(-1));
    }
}
