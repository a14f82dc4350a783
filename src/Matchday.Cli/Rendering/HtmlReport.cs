using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Matchday.Cli.Commands;
using Matchday.Core.Planning;
using Matchday.Simulation.Events;

namespace Matchday.Cli.Rendering;

/// <summary>
/// One self-contained HTML file to share: the plan's headline and sections, the audit, the night's interactive charts
/// (uPlot, embedded: zoom by dragging, values on hover; faults shaded, phases marked, SLO lines), the verdicts and the
/// incident timeline. Everything is inline and a Content-Security-Policy forbids any request, so it opens offline.
/// </summary>
internal static class HtmlReport
{
    private static readonly JsonSerializerOptions ChartJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Build(Plan plan, EventResult night, NightModel model, Inputs inputs)
    {
        var planReport = PlanReport.Build(plan);
        var nightReport = EventOutput.Report(night, new Inputs(inputs.Scenario, []));
        var broken = night.Slos.Where(v => !v.Met).Select(v => EventOutput.Slo(night, v).Objective).ToArray();
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(E($"Matchday report: {night.Scenario}, {night.Stage}")).Append("</title>\n")
          .Append("<style>\n").Append(Asset("uPlot.css")).Append('\n').Append(Asset("report.css")).Append("</style>\n</head>\n<body>\n");
        sb.Append("<h1>").Append(E($"Matchday report: {night.Scenario}, {night.Stage}")).Append("</h1>\n");
        sb.Append("<p class=\"inputs\">").Append(E($"Computed from {inputs.Describe()}; seed {night.Seed}, {Core.Text.Words.Of(night.Capacity)} capacity"));
        var faults = model.FaultSpecs.Select(f => f.ToString()).ToArray();
        sb.Append(E(faults.Length == 0 ? "; no faults." : $"; faults: {string.Join("; ", faults)}.")).Append("</p>\n");
        sb.Append(broken.Length == 0
            ? "<p class=\"verdict ok\">Every objective held on the simulated night.</p>\n"
            : $"<p class=\"verdict bad\">{broken.Length} objective(s) broken: {E(string.Join(", ", broken))}.</p>\n");

        sb.Append("<h2>Headline</h2>\n");
        Table(sb, planReport.Sections[0]);
        Table(sb, nightReport.Sections[0]);
        sb.Append("<h2>Objectives on the night</h2>\n");
        Table(sb, nightReport.Sections[1], verdictColumn: 3);
        sb.Append("<h2>The night</h2>\n<p class=\"legend-help\">Drag across a chart to zoom in, double-click to zoom out; hover for the values. ")
          .Append("Shaded: faults in effect; dotted: the match's phases; dashed red: the objective or limit.</p>\n<div id=\"charts\"></div>\n");
        sb.Append("<h2>Incident timeline</h2>\n");
        Table(sb, EventOutput.TimelineSection(night, limit: int.MaxValue));
        sb.Append("<h2>The plan</h2>\n");
        foreach (var section in planReport.Sections.Skip(1).SkipLast(1)) Table(sb, section);
        sb.Append("<h2>Audit</h2>\n");
        Table(sb, planReport.Sections[^1]);
        sb.Append("<footer>Made by matchday ").Append(E(typeof(HtmlReport).Assembly.GetName().Version?.ToString(3) ?? ""))
          .Append(". Charts drawn with uPlot (MIT License, Copyright (c) 2022 Leon Sorokin), embedded in this file.</footer>\n");
        sb.Append("<script type=\"application/json\" id=\"matchday-data\">").Append(JsonSerializer.Serialize(ChartData(NightCharts.Of(night, model)), ChartJson)).Append("</script>\n");
        sb.Append("<script>\n").Append(Script(Asset("uPlot.js"))).Append("\n</script>\n");
        sb.Append("<script>\n").Append(Script(Asset("report.js"))).Append("\n</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>The charts as the page's script reads them: numbers to four significant figures, gaps as null.</summary>
    private static object ChartData(NightCharts c) => new
    {
        c.Scenario,
        c.Stage,
        Minutes = c.Minutes.Select(Round).ToArray(),
        Charts = c.Charts.Select(ch => new
        {
            ch.File, ch.Title, ch.Unit, Whole = ch.WholeNumbers, ch.Threshold, ch.ThresholdLabel,
            Lines = ch.Lines.Select(l => new { l.Label, Values = l.Values.Select(Round).ToArray() }).ToArray(),
        }).ToArray(),
        Faults = c.Faults.Select(f => new { f.Label, f.From, f.To }).ToArray(),
        Phases = c.Phases.Select(p => new { p.Label, p.At }).ToArray(),
    };

    private static double? Round(double x) =>
        !double.IsFinite(x) ? null : x == 0 ? 0 : Math.Round(x, Math.Clamp(3 - (int)Math.Floor(Math.Log10(Math.Abs(x))), 0, 12));

    private static void Table(StringBuilder sb, Section section, int verdictColumn = -1)
    {
        sb.Append("<table>\n<caption>").Append(E(section.Title)).Append("</caption>\n<thead><tr>");
        foreach (var c in section.Columns) sb.Append("<th>").Append(E(c)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in section.Rows)
        {
            sb.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                var cls = i == verdictColumn ? (row[i] == "met" ? " class=\"met\"" : " class=\"broken\"") : section.IsNumeric(i) ? " class=\"num\"" : "";
                sb.Append("<td").Append(cls).Append('>').Append(E(row[i])).Append("</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");
        foreach (var note in section.Notes) sb.Append("<p class=\"note\">").Append(E(note)).Append("</p>\n");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>A script's text made safe inside a script element.</summary>
    private static string Script(string js) => js.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);

    private static string Asset(string name)
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream("Matchday.Report." + name)
            ?? throw new InvalidOperationException($"the report asset {name} is not embedded: rebuild (npm ci restores it in src/Matchday.Cli/Report)");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

}
