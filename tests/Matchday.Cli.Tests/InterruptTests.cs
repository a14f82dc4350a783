using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Matchday.Cli.Tests;

/// <summary>Ctrl-C (SIGINT) as a shell sends it: the command stops with 130 and leaves no partial file.</summary>
public sealed class InterruptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("matchday-interrupt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [Fact]
    public async Task Ctrl_c_exits_130_and_leaves_nothing_half_written()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "matchday.dll");
        // A program started with SIGINT ignored keeps ignoring it (POSIX; .NET honours it), and a shell without job
        // control starts background jobs so: a test run under `cmd &` or nohup passed its SIG_IGN on to the child, which
        // then outlived the signal. env (coreutils 8.31+) execs the child with SIGINT back at its default.
        var info = new ProcessStartInfo("env") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = _dir };
        foreach (var a in new[] { "--default-signal=INT", "dotnet", cli, "sweep", "--vary", "stages.final.peak_viewers=1B..2B:40", "--simulate", "--out", "sweep.json" }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(4)); // started, and nights under way
        Assert.False(process.HasExited, "the sweep should still be running");
        Assert.Equal(0, kill(process.Id, 2)); // SIGINT
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"still running 60 s after SIGINT; its stderr: {await stderr}");
        }
        Assert.Equal(130, process.ExitCode);
        Assert.Contains("interrupted", await stderr);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }
}
