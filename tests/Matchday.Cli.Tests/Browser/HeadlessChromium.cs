using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Matchday.Cli.Tests.Browser;

/// <summary>
/// Debian's Chromium, started headless on 127.0.0.1 with a fresh profile and driven over the DevTools protocol: opens
/// a page, records console errors, exceptions and every network request, and takes screenshots. Stopped when disposed.
/// The flags are the ones this machine needs (no sandbox as root; no background networking: the network is closed).
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Install = "install it with: apt-get install -y chromium (./test.sh does)";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentQueue<JsonObject> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private int _nextId;

    private HeadlessChromium(Process process, string profile) => (_process, _profile) = (process, profile);

    public static string Executable =>
        Environment.GetEnvironmentVariable("MATCHDAY_CHROMIUM") is { Length: > 0 } path ? path
        : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists) ?? "/usr/bin/chromium";

    public static async Task<HeadlessChromium> Start()
    {
        var exe = Executable;
        if (!File.Exists(exe)) throw new InvalidOperationException($"Chromium is not installed at {exe}: {Install}");
        var profile = Directory.CreateTempSubdirectory("matchday-chromium-").FullName;
        var info = new ProcessStartInfo(exe)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions", "--mute-audio",
            $"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank",
        }) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new HeadlessChromium(process, profile);
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
        {
            if (process.HasExited) throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} before it listened");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Chromium did not open its DevTools port within 60 s");
            await Task.Delay(100);
        }
        var lines = File.ReadAllLines(portFile);
        await browser._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"), CancellationToken.None);
        browser._reader = Task.Run(browser.Read);
        return browser;
    }

    private async Task Read()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult r;
            try { r = await _socket.ReceiveAsync(buffer, _stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException) { break; }
            message.Write(buffer, 0, r.Count);
            if (!r.EndOfMessage) continue;
            var json = JsonNode.Parse(message.ToArray())!.AsObject();
            message.SetLength(0);
            if (json["id"] is JsonValue id && _pending.TryRemove(id.GetValue<int>(), out var waiting)) waiting.TrySetResult(json);
            else _events.Enqueue(json);
        }
    }

    /// <summary>Sends a DevTools command (to a page when <paramref name="session"/> is given) and waits for its result.</summary>
    public async Task<JsonObject> Send(string method, JsonObject? parameters = null, string? session = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var done = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        if (session is not null) message["sessionId"] = session;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        var reply = await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        if (reply["error"] is JsonNode error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        return reply["result"]?.AsObject() ?? [];
    }

    /// <summary>Every event received so far.</summary>
    public IReadOnlyList<JsonObject> Events => [.. _events];

    /// <summary>Opens a page in a new tab with console, log and network recording on; returns the tab's session.</summary>
    public async Task<string> Open(string url, int width = 1280, int height = 900)
    {
        var target = await Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var attached = await Send("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true });
        var session = attached["sessionId"]!.GetValue<string>();
        foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable", "Network.enable" }) await Send(domain, session: session);
        await Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false }, session);
        await Send("Page.navigate", new JsonObject { ["url"] = url }, session);
        await WaitFor(e => e["method"]?.GetValue<string>() == "Page.loadEventFired" && e["sessionId"]?.GetValue<string>() == session, TimeSpan.FromSeconds(60));
        return session;
    }

    public async Task WaitFor(Func<JsonObject, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_events.Any(match))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the browser did not send the awaited event in time");
            await Task.Delay(50);
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value as JSON.</summary>
    public async Task<JsonNode?> Evaluate(string session, string expression)
    {
        var r = await Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, session);
        if (r["exceptionDetails"] is JsonNode ex) throw new InvalidOperationException("page script failed: " + ex.ToJsonString());
        return r["result"]?["value"]?.DeepClone();
    }

    public async Task Mouse(string session, string type, double x, double y, string button = "none") =>
        await Send("Input.dispatchMouseEvent", new JsonObject { ["type"] = type, ["x"] = x, ["y"] = y, ["button"] = button, ["buttons"] = button == "left" ? 1 : 0, ["clickCount"] = type == "mouseMoved" ? 0 : 1 }, session);

    /// <summary>A PNG of the whole page (the viewport stretched to the page's height, at most 12,000 pixels).</summary>
    public async Task<byte[]> Screenshot(string session, int width = 1280)
    {
        var metrics = await Send("Page.getLayoutMetrics", session: session);
        var height = (int)Math.Min(12_000, Math.Ceiling(metrics["cssContentSize"]!["height"]!.GetValue<double>()));
        await Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false }, session);
        var shot = await Send("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }, session);
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open) await Send("Browser.close").WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or WebSocketException) { }
        await _stop.CancelAsync();
        if (_reader is not null) await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _socket.Dispose();
        _stop.Dispose();
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { }
    }
}
