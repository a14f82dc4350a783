using System.Runtime.CompilerServices;

// Locals are not zeroed on entry (C# already proves every local assigned before it is read; the two stackalloc
// buffers, in L2ARule.Project and ExoPlayerRule.Percentile, are read only where written). The player engine's
// download step inlines log entries and check spans it rarely builds: zeroing their ~600 bytes of stack on every call
// was 4-5% of a population's time.
[module: SkipLocalsInit]
