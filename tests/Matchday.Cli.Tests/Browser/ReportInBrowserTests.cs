using System.Text.Json.Nodes;

namespace Matchday.Cli.Tests.Browser;

/// <summary>
/// The HTML report opened in headless Chromium as a reader would: it renders its charts and tables, logs no console
/// error, makes no network request, and its charts zoom and answer hover. The screenshot is saved beside the test
/// binary (report-screenshot.png) for a person to look at.
/// </summary>
[Collection("console")]
public sealed class ReportInBrowserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("matchday-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_report_renders_offline_with_no_console_error_and_no_request_and_its_charts_zoom_and_hover()
    {
        var html = Path.Combine(_dir, "report.html");
        var (code, _, err) = CliRunner.Run("report", "--fault", "cdn-outage provider=akamai region=eu at=67m for=10m", "--out", html);
        Assert.True(code == 0, err);
        var url = new Uri(html).AbsoluteUri;

        await using var chromium = await HeadlessChromium.Start();
        var page = await chromium.Open(url);
        await chromium.WaitFor(_ => true, TimeSpan.FromSeconds(1));
        var drawn = "";
        for (var i = 0; i < 100 && drawn.Length == 0; i++)
        {
            drawn = (await chromium.Evaluate(page, "document.body.dataset.chartsDrawn || ''"))?.GetValue<string>() ?? "";
            if (drawn.Length == 0) await Task.Delay(100);
        }
        Assert.Equal("6", drawn);
        Assert.Equal(6, (await chromium.Evaluate(page, "document.querySelectorAll('.uplot canvas').length"))!.GetValue<int>());
        Assert.True((await chromium.Evaluate(page, "document.querySelectorAll('table').length"))!.GetValue<int>() >= 15);
        var text = (await chromium.Evaluate(page, "document.body.innerText"))!.GetValue<string>();
        foreach (var expected in new[] { "Headline", "Objectives on the night", "Incident timeline", "Audit", "BROKEN", "GSLB marks europe/akamai down", "148,050" })
            Assert.Contains(expected, text);

        // Zoom: drag across the first chart's plotting area; its x scale narrows. Hover: the legend shows a value.
        var box = (await chromium.Evaluate(page, "(() => { const o = document.querySelector('#chart-viewers .u-over'); o.scrollIntoView({block: 'center'}); const r = o.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()"))!.AsArray();
        var (left, top, width, height) = (box[0]!.GetValue<double>(), box[1]!.GetValue<double>(), box[2]!.GetValue<double>(), box[3]!.GetValue<double>());
        var before = (await chromium.Evaluate(page, "matchdayPlots[0].scales.x.max - matchdayPlots[0].scales.x.min"))!.GetValue<double>();
        await chromium.Mouse(page, "mouseMoved", left + width * 0.3, top + height / 2);
        await chromium.Mouse(page, "mousePressed", left + width * 0.3, top + height / 2, "left");
        await chromium.Mouse(page, "mouseMoved", left + width * 0.45, top + height / 2, "left");
        await chromium.Mouse(page, "mouseReleased", left + width * 0.45, top + height / 2, "left");
        var after = (await chromium.Evaluate(page, "matchdayPlots[0].scales.x.max - matchdayPlots[0].scales.x.min"))!.GetValue<double>();
        Assert.True(after < before * 0.5, $"dragging should zoom in: the x range went from {before} to {after} minutes");
        await chromium.Mouse(page, "mouseMoved", left + width * 0.5, top + height / 2);
        var legend = (await chromium.Evaluate(page, "[...document.querySelectorAll('#chart-viewers .u-legend .u-value')].map(e => e.textContent)"))!.AsArray();
        Assert.Contains(legend, v => v!.GetValue<string>() is { Length: > 0 } s && s != "-" && s.Contains(':', StringComparison.Ordinal));

        var shot = await chromium.Screenshot(page);
        File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, "report-screenshot.png"), shot);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, shot.Take(4));

        var events = chromium.Events;
        string Method(JsonObject e) => e["method"]?.GetValue<string>() ?? "";
        var errors = events.Where(e => Method(e) == "Runtime.exceptionThrown"
            || (Method(e) == "Runtime.consoleAPICalled" && e["params"]!["type"]!.GetValue<string>() is "error" or "assert")
            || (Method(e) == "Log.entryAdded" && e["params"]!["entry"]!["level"]!.GetValue<string>() == "error")).Select(e => e.ToJsonString()).ToArray();
        Assert.True(errors.Length == 0, "console errors:\n" + string.Join("\n", errors));
        var requests = events.Where(e => Method(e) == "Network.requestWillBeSent").Select(e => e["params"]!["request"]!["url"]!.GetValue<string>())
            .Where(u => u != url && !u.StartsWith("data:", StringComparison.Ordinal)).ToArray();
        Assert.True(requests.Length == 0, "the report made requests:\n" + string.Join("\n", requests));
    }
}
