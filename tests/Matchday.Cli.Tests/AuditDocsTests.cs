using Matchday.Core.Auditing;

namespace Matchday.Cli.Tests;

[Collection("console")]
public sealed class AuditDocsTests
{
    [Fact]
    public void The_committed_audit_catalogue_is_what_the_rule_table_generates()
    {
        var (code, output, _) = CliRunner.Run("audit", "--rules");
        Assert.Equal(0, code);
        foreach (var rule in Auditor.Rules) Assert.Contains($"| `{rule.Id}` |", output);
        // docs/audit.md must be regenerated (matchday audit --rules --out docs/audit.md) when a rule changes.
        Assert.Equal(output, File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "audit.md")));
    }

    [Fact]
    public void Both_hand_written_examples_audit_clean_and_the_audit_says_what_it_could_not_check()
    {
        Assert.Equal(0, CliRunner.Run("audit", CliRunner.Example("superbowl-streaming.yaml"), "--strict").Code);
        Assert.Equal(0, CliRunner.Run("audit", CliRunner.Example("cricket-final.yaml"), "--strict").Code);
        var (code, output, _) = CliRunner.Run("audit");
        Assert.Equal(0, code);
        Assert.Contains("Not checked, for want of an input", output);
        Assert.Contains("glass-to-glass (needs slos.glass_to_glass)", output);
        Assert.Contains("preset:worldcup-2022:", output);
    }
}
