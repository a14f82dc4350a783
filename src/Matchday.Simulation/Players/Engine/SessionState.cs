using System.Runtime.CompilerServices;

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

/// <summary>
/// The whole mutable state of one player session: clock, buffer, request in flight, trace cursor, throughput
/// estimate, ABR state and running metrics. A flat struct advanced in place by <see cref="SessionEngine"/>.
/// </summary>
internal struct SessionState
{
    // clock and playback
    public double Now;            // s since the session's first request
    public double Buffer;         // s of media buffered
    public double MediaPlayed;    // s of media played
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

    // trace cursor
    public int Period;
    public double TimeToNext;

    // throughput / latency estimate
    public bool HasEstimate;
    public double EwFast, EwSlow, ProdFast, ProdSlow;
    public double LatFast, LatSlow, LatProdFast, LatProdSlow;
    public double Throughput, Latency;

    // ABR state
    public int AbrLast;
    public bool BolaSteady, IsBola;
    public double Placeholder, IbrTput, IbrBola;

    // live
    public double LivePhase;

    // viewer patience
    public double StartupPatience, StallPatience;

    // metrics
    public double StartupTime, StallTime, PlayedTime, SumBitrate, BitrateChange, DeliveredBits, WastedBits, EndTime;
    public int StallCount, Segments, Switches, LastQuality, Abandons;
    public double LatSum, LatMax, LatLast;
    public int LatCount;
    public RungCounts RungSegments;

    public readonly bool Running => Outcome == SessionOutcome.Running;
}
