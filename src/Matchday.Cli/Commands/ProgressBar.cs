using Spectre.Console;

namespace Matchday.Cli.Commands;

/// <summary>A progress bar on stderr while long work runs (nights, player populations, sweeps); none when stderr is not a terminal.</summary>
internal static class ProgressBar
{
    public static T Run<T>(string label, Func<IProgress<double>?, T> work)
    {
        if (Console.IsErrorRedirected) return work(null);
        T result = default!;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(label, maxValue: 1);
                result = work(new Reporter(task));
            });
        return result;
    }

    /// <summary>Thread-safe: parallel work reports from several threads; the bar never goes back.</summary>
    private sealed class Reporter(ProgressTask task) : IProgress<double>
    {
        private readonly Lock _gate = new();

        public void Report(double value)
        {
            lock (_gate)
                if (value > task.Value) task.Value = value;
        }
    }
}
