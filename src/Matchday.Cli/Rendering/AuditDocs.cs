using System.Text;
using Matchday.Core.Auditing;
using Matchday.Core.Scenarios;

namespace Matchday.Cli.Rendering;

/// <summary>The audit's catalogue in Markdown, generated from the rule table itself (docs/audit.md).</summary>
internal static class AuditDocs
{
    private static readonly (RuleGroup Group, string Title, string About)[] Groups =
    [
        (RuleGroup.Consistency, "Consistency between figures", "Figures of the scenario that say the same thing twice, and must agree."),
        (RuleGroup.CapacityAndPhysics, "Capacity and physics", "What is deployed against what the largest match needs at its peak, and what links and players can do."),
        (RuleGroup.Resilience, "Resilience", "What happens when a part fails: a CDN in a region, the primary origin region, the time a failover takes."),
        (RuleGroup.Objectives, "Objectives", "Objectives that contradict each other, the delivery, or physics."),
        (RuleGroup.ReportedVsModel, "Reported figures against the model", "Figures reported for a past event against what the model derives from the rest of the scenario."),
    ];

    public static string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append("# The audit\n\n");
        sb.Append("`matchday audit` (and the last section of `matchday plan`) compares a scenario's figures with each other and with what the\n");
        sb.Append("model derives from them. This catalogue is generated from the rule table in `src/Matchday.Core/Auditing` by\n");
        sb.Append("`matchday audit --rules`; a test keeps it in sync.\n\n");
        sb.Append("Every rule is general: it compares kinds of figures, so any scenario with the same kind of contradiction fires it, at\n");
        sb.Append("any magnitude its thresholds cover. Bounds are used in the direction they hold (a volume spread over the peak audience\n");
        sb.Append("is *at least* the average per viewer, since fewer may have watched throughout), and a rule is silent on figures that\n");
        sb.Append("agree: both hand-written examples (`examples/cricket-final.yaml`, `examples/superbowl-streaming.yaml`) audit clean, and\n");
        sb.Append("each rule has a test that fires it on a modified copy of one of them.\n\n");
        sb.Append("Each finding has a severity (`info`, `warning`, `error`, `critical`: a plan that cannot work), the figures it involves\n");
        sb.Append("with the scenario field each comes from and where that field is written (`file:line:col`; the `where` column), and\n");
        sb.Append("its arithmetic. `--strict` exits 1 on errors and critical findings. A rule that needs a figure the scenario leaves out\n");
        sb.Append("is not made, and the audit says so (\"Not checked, for want of an input\"; `audit_not_checked` in the plan's JSON).\n\n");
        foreach (var (group, title, about) in Groups)
        {
            sb.Append("## ").Append(title).Append("\n\n").Append(about).Append("\n\n");
            sb.Append("| rule | compares | why | severity | needs |\n|---|---|---|---|---|\n");
            foreach (var r in Auditor.Rules.Where(r => r.Group == group))
            {
                var needs = r.Needs(Empty) ?? "";
                sb.Append("| `").Append(r.Id).Append("` | ").Append(Cell(r.Compares)).Append(" | ").Append(Cell(r.Why)).Append(" | ")
                  .Append(Cell(r.Severities)).Append(" | ").Append(Cell(needs)).Append(" |\n");
            }
            sb.Append('\n');
        }
        sb.Append($"{Auditor.Rules.Length} rules in all.\n");
        return sb.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>A scenario with none of the optional figures, to ask each rule what it needs.</summary>
    private static readonly Scenario Empty = Presets.Load() with
    {
        Reported = new ReportedFigures(),
        Regions = [.. Presets.Load().Regions.Select(r => r with { Viewers = null, Share = Core.Units.Ratio.FromPercent(20), Population = null, Subscribers = null })],
        Delivery = Presets.Load().Delivery with { Cdns = [.. Presets.Load().Delivery.Cdns.Select(c => c with { Committed = System.Collections.Immutable.ImmutableDictionary<string, Core.Units.Bitrate>.Empty })] },
        Slos = Presets.Load().Slos with { RecoveryTime = null, GlassToGlass = null },
        Failover = Presets.Load().Failover with { Regions = [] },
    };
}
