using System.Diagnostics;
using System.Net.Http;
using System.Text.Json.Nodes;

namespace Matchday.Cli.Tests.Artifacts;

/// <summary>
/// A real Prometheus server on 127.0.0.1 over a TSDB folder, with no scrape targets: started by the test, ready within a
/// bounded time, and killed when disposed (also when the test fails). Retention is a century, so blocks of a backfilled
/// night in the past are not deleted.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public PrometheusServer(string tsdb)
    {
        Port = Tools.FreePort();
        var config = Path.Combine(Path.GetDirectoryName(tsdb)!, $"prometheus-{Port}.yml");
        File.WriteAllText(config, "global:\n  scrape_interval: 15s\n");
        var info = new ProcessStartInfo(Tools.Require("prometheus")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { $"--config.file={config}", $"--storage.tsdb.path={tsdb}", $"--web.listen-address=127.0.0.1:{Port}", "--storage.tsdb.retention.time=100y", "--log.level=warn" })
            info.ArgumentList.Add(a);
        _process = Process.Start(info)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode} before it was ready");
            try
            {
                if (_http.GetAsync(new Uri(Url, "/-/ready")).Result.IsSuccessStatusCode) break;
            }
            catch (AggregateException) { }
            if (DateTime.UtcNow > deadline) { Dispose(); throw new TimeoutException("prometheus was not ready within 60 s"); }
            Thread.Sleep(200);
        }
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>An instant query at <paramref name="time"/> (Unix seconds): the result vector.</summary>
    public JsonArray Query(string expr, long time)
    {
        var uri = new Uri(Url, $"/api/v1/query?query={Uri.EscapeDataString(expr)}&time={time}");
        var body = JsonNode.Parse(_http.GetStringAsync(uri).Result)!;
        Assert.True((string?)body["status"] == "success", $"{expr}: {body}");
        return body["data"]!["result"]!.AsArray();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        _http.Dispose();
    }
}
