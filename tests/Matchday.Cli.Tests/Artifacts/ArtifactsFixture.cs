namespace Matchday.Cli.Tests.Artifacts;

/// <summary>The artifacts of the nights the tool tests use, each written once by <c>matchday artifacts</c> into a temporary folder.</summary>
public sealed class ArtifactsFixture : IDisposable
{
    public const string Outage = "cdn-outage provider=akamai region=eu at=67m for=10m";
    public const string FailOpen = "cache-fail-open provider=fastly region=eu at=60m for=15m";

    private readonly string _root = Directory.CreateTempSubdirectory("matchday-artifacts-").FullName;
    private readonly Dictionary<string, Lazy<string>> _nights;

    public ArtifactsFixture()
    {
        _nights = new(StringComparer.Ordinal)
        {
            ["calm"] = new(() => Write("calm")),
            ["outage"] = new(() => Write("outage", "--fault", Outage)),
            ["fail-open"] = new(() => Write("fail-open", "--fault", FailOpen)),
            ["superbowl"] = new(() => Write("superbowl", RepoPaths.Example("superbowl-streaming.yaml"))),
        };
    }

    /// <summary>The folder of one night's artifacts: calm, outage, fail-open (the built-in final) or superbowl (the example's calm night).</summary>
    public string Night(string name) => _nights[name].Value;

    private string Write(string name, params string[] args)
    {
        var dir = Path.Combine(_root, name);
        var (code, _, err) = CliRunner.Run(["artifacts", .. args, "--out-dir", dir]);
        Assert.True(code == 0, err);
        return dir;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException) { }
    }
}
