namespace Matchday.Cli.Tests.Artifacts;

/// <summary><c>matchday artifacts</c>' bad input: a clear error, exit 2, and nothing written or left behind.</summary>
[Collection("console")]
public sealed class ArtifactsCommandTests
{
    private static string Temp() => Directory.CreateTempSubdirectory("matchday-artifacts-cli-").FullName;

    /// <summary>Every entry under a folder, to show nothing was added, removed or left half-written.</summary>
    private static string[] Entries(string dir) => [.. Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    [Fact]
    public void An_existing_folder_that_is_not_empty_needs_force()
    {
        var root = Temp();
        try
        {
            var dir = Path.Combine(root, "out");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "keep.txt"), "mine");
            var before = Entries(root);
            var (code, _, err) = CliRunner.Run("artifacts", "--out-dir", dir);
            Assert.Equal(2, code);
            Assert.Contains("not empty", err, StringComparison.Ordinal);
            Assert.Contains("--force", err, StringComparison.Ordinal);
            Assert.Equal(before, Entries(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_folder_that_cannot_be_written_is_an_error_before_any_work()
    {
        // /proc takes no new folders, even from root.
        var (code, _, err) = CliRunner.Run("artifacts", "--out-dir", "/proc/matchday-artifacts");
        Assert.Equal(2, code);
        Assert.Contains("cannot be written", err, StringComparison.Ordinal);
        var (missing, _, err2) = CliRunner.Run("artifacts", "--out-dir", "/nonexistent-parent/out");
        Assert.Equal(2, missing);
        Assert.Contains("does not exist", err2, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_without_objectives_is_a_located_error_and_nothing_is_written()
    {
        var root = Temp();
        try
        {
            var yaml = File.ReadAllText(RepoPaths.Example("cricket-final.yaml"));
            var start = yaml.IndexOf("\nslos:", StringComparison.Ordinal);
            var end = yaml.IndexOf("\nfailover:", StringComparison.Ordinal);
            var file = Path.Combine(root, "no-slos.yaml");
            File.WriteAllText(file, yaml[..start] + yaml[end..]);
            var dir = Path.Combine(root, "out");
            var (code, _, err) = CliRunner.Run("artifacts", file, "--out-dir", dir);
            Assert.Equal(2, code);
            Assert.Contains("slos", err, StringComparison.Ordinal);
            Assert.Contains("nothing was written", err, StringComparison.Ordinal);
            Assert.False(Directory.Exists(dir));
            Assert.Equal([file], Entries(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_rung_that_gives_no_resolution_is_located_in_the_file()
    {
        var root = Temp();
        try
        {
            var yaml = File.ReadAllText(RepoPaths.Example("superbowl-streaming.yaml"));
            Assert.Contains("{ name: 720p,", yaml, StringComparison.Ordinal);
            var file = Path.Combine(root, "odd.yaml");
            File.WriteAllText(file, yaml.Replace("{ name: 720p,", "{ name: hd,", StringComparison.Ordinal).Replace("720p", "hd", StringComparison.Ordinal));
            var dir = Path.Combine(root, "out");
            var (code, _, err) = CliRunner.Run("artifacts", file, "--out-dir", dir);
            Assert.Equal(2, code);
            Assert.Matches(@"odd\.yaml:\d+:\d+ ladder\.rungs\[\d\]\.name: 'hd' gives no resolution", err);
            Assert.False(Directory.Exists(dir));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_bad_fault_is_the_same_located_error_as_simulates()
    {
        var (code, _, err) = CliRunner.Run("artifacts", "--out-dir", Path.Combine(Path.GetTempPath(), "matchday-never"), "--fault", "cdn-outage provider=akamia at=67m");
        Assert.Equal(2, code);
        Assert.Contains("did you mean 'akamai'", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), "matchday-never")));
    }
}
