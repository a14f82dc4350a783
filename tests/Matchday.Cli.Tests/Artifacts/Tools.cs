using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Matchday.Cli.Tests.Artifacts;

/// <summary>The real tools the artifacts are checked with, found on the PATH; a missing one fails the test with how to install it.</summary>
internal static class Tools
{
    /// <summary>The Debian package each tool comes from.</summary>
    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["promtool"] = "prometheus", ["prometheus"] = "prometheus", ["ffmpeg"] = "ffmpeg", ["ffprobe"] = "ffmpeg",
    };

    /// <summary>The tool's path; fails (never skips) when it is not installed.</summary>
    public static string Require(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var path = Path.Combine(dir, tool);
            if (File.Exists(path)) return path;
        }
        Assert.Fail($"{tool} is not installed: install it with: apt-get install -y {Packages[tool]} (./test.sh does)");
        return "";
    }

    /// <summary>Runs a tool to its end within <paramref name="timeout"/> (killed after it), returning its exit code and output.</summary>
    public static (int Code, string Out, string Err) Run(string tool, IEnumerable<string> args, string? cwd = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(Require(tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = cwd ?? Environment.CurrentDirectory };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', args)} did not finish within {(timeout ?? TimeSpan.FromMinutes(3)).TotalSeconds:0} s");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A TCP port free on 127.0.0.1 now.</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
