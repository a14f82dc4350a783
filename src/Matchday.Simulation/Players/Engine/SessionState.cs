using System.Runtime.CompilerServices;
using Matchday.Simulation.Players.Engine.Rules;

namespace Matchday.Simulation.Players.Engine;

internal enum Phase : byte
{
    Request,   // about to ask for the next segment (waits for room / publication first)
    Wait,      // waiting for buffer room or for the live edge; the time is reported to the ABR (Sabre report_delay)
    AbrDelay,  // BOLA asked to wait before downloading (not reported)
    Latency,   // request latency (time to first byte)
    Download,  // receiving bytes
    Drain,     // everything downloaded; playing out the buffer
    Done,
}

/// <summary>Per-rung segment counters, inline so a session state is one flat struct.</summary>
[InlineArray(BitrateLadder.MaxRungs)]
internal struct RungCounts
{
    private int _element0;
}

/// <summary>One value per averaging window or half-life, inline.</summary>
[InlineArray(AbrOptions.MaxAverages)]
internal struct AverageDoubles
{
    private double _element0;
}

/// <summary>Sabre's sliding-window history (the last <see cref="AbrOptions.MaxWindow"/> samples), inline.</summary>
[InlineArray(AbrOptions.MaxWindow)]
internal struct WindowDoubles
{
    private double _element0;
}

/// <summary>Rungs of the segments whose play start awaits Sabre's rampup check (a ring).</summary>
[InlineArray(SessionState.RampupRing)]
internal struct RampupRungs
{
    private byte _element0;
}

/// <summary>Play-start times of the segments awaiting Sabre's rampup check (a ring).</summary>
[InlineArray(SessionState.RampupRing)]
internal struct RampupStarts
{
    private double _element0;
}

/// <summary>The rampup ring of a session whose buffer holds more segments than the inline one (allocated at its start).</summary>
internal sealed class RampupRingArrays(int size)
{
    public readonly byte[] Rungs = new byte[size];
    public readonly double[] Starts = new double[size];
}

/// <summary>
/// The whole mutable state of one player session: clock, buffer, request in flight, trace cursor, throughput
/// estimate, ABR state and running metrics. A flat struct advanced in place by <see cref="SessionEngine"/>.
/// </summary>
internal struct SessionState
{
    /// <summary>Segments the rampup tracker remembers between arrival and play start (more only with huge buffers).</summary>
    public const int RampupRing = 32;

    // clock and playback
    public double Now;            // s since the session's first request
    public double Buffer;         // s of media buffered
    public double MediaPlayed;    // s of media played
    public double MediaSkipped;   // s of media jumped over (live: back to the live edge after falling out of the window)
    public bool Started, Playing, StallCounted, CatchingUp;
    public Phase Phase;
    public SessionOutcome Outcome;

    // content
    public int Segment, SegmentCount;

    // request in flight / waits
    public double WaitStart, WaitEnd;
    public int Quality;
    public int RungCap;           // highest rung this viewer's device plays
    public double SegBits, DoneBits, DlStart, Ttfb, LatencyUnits, ChkBits, ChkTime;
    public double BufferAtRequest, StallAtRequest;
    public double PieceStart;     // start of the current stretch of constant throughput (Shaka's progress reports)
    public double Undrained;      // request latency not yet played out (drained with the fast download that follows)

    // trace cursor
    public int Period;
    public double TimeToNext;

    // Sabre's throughput / latency estimate (Ewma or SlidingWindow)
    public bool HasEstimate;
    public AverageDoubles EwThroughput, EwLatency, ZeroThroughput, ZeroLatency;
    public WindowDoubles WinThroughput, WinLatency;
    public int WinCount;
    public double Throughput, Latency;

    // Sabre ABR state
    public int AbrLast;           // BolaEnh.last_quality
    public int BolaLast;          // Bola.last_quality
    public double BolaVp;         // Bola.Vp (depends on the segment index unless basic)
    public bool BolaSteady, IsBola;
    public double Placeholder, IbrTput, IbrBola;

    // real players
    public ExoPlayerRule.State Exo;
    public HlsJsRule.State Hls;
    public ShakaRule.State Shaka;
    public L2ARule.State L2A;
    public AvPlayerRule.State Av;

    // live
    public double LivePhase;

    // viewer patience
    public double StartupPatience, StallPatience;

    // metrics
    public double StartupTime, StallTime, PlayedTime, SumBitrate, BitrateChange, LogBitrateChange, Utility, DeliveredBits, WastedBits, EndTime;
    public int StallCount, Segments, Switches, LastQuality, Abandons, LiveSkips;
    public int QuietRuns;         // runs of progress checks crossed in one step (CheckSpan)
    public double LatSum, LatMax, LatLast;
    public int LatCount;
    public RungCounts RungSegments;

    // Sabre rampup time: segments whose play start is pending a check against the sustainable quality
    public bool RampupDone;
    public double RampupTime;     // play start of the first segment at or above the sustainable rung
    public int RampupNext;        // next segment (in play order) to start playing
    public int RampupChecked;     // segments before this one were checked
    public int CheckPeriod;       // the trace period whose sustainable rung the next check uses
    public RampupRungs RampupRung;
    public RampupStarts RampupStart;
    public RampupRingArrays? RampupWide; // instead of the two above when the buffer holds more segments than they do

    public readonly bool Running => Outcome == SessionOutcome.Running;
}
