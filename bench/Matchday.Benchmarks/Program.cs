using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Matchday.Benchmarks -- --filter '*Plan*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
