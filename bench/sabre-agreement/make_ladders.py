#!/usr/bin/env python3
"""Writes the agreement set's ladders as Sabre movie manifests (segment_duration_ms, bitrates_kbps,
segment_sizes_bits): variable-bitrate segments whose sizes follow a seeded scene-complexity process, so the ABRs
see sizes that differ from bitrate x duration, as real encodings do.

Usage: python3 make_ladders.py OUT_DIR    (the committed ladders are in
tests/Matchday.Simulation.Tests/Players/Agreement/ladders; this script regenerates them byte for byte)
"""
import json
import math
import os
import random
import sys

# name: (segment seconds, segments, kbps rungs, seed)
LADDERS = {
    # Apple's HLS authoring-spec style ladder extended to 16 Mbit/s, 6 s segments: the high-bandwidth sets.
    "uhd-6s": (6, 100, [145, 365, 730, 1100, 2000, 3000, 4500, 6000, 7800, 12000, 16000], 11),
    # A live-sports ladder with 2 s segments: many decisions per session.
    "sports-2s": (2, 300, [300, 700, 1200, 2000, 3500, 5000], 22),
    # A mobile ladder for 3G, 4 s segments.
    "mobile-4s": (4, 150, [100, 200, 400, 800, 1200, 1800, 2500], 33),
}


def sizes(seconds, count, kbps, seed):
    rng = random.Random(seed)
    rho, sigma, jitter = 0.8, 0.3, 0.05
    z = rng.gauss(0, 1)
    rows = []
    for _ in range(count):
        # log complexity: AR(1), stationary N(0, sigma^2), shifted so the mean complexity is 1
        complexity = math.exp(sigma * z - sigma * sigma / 2)
        z = rho * z + math.sqrt(1 - rho * rho) * rng.gauss(0, 1)
        rows.append([max(1000, round(k * 1000 * seconds * complexity * math.exp(jitter * rng.gauss(0, 1)))) for k in kbps])
    return rows


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for name, (seconds, count, kbps, seed) in LADDERS.items():
        manifest = {"segment_duration_ms": seconds * 1000, "bitrates_kbps": kbps, "segment_sizes_bits": sizes(seconds, count, kbps, seed)}
        with open(os.path.join(out, name + ".json"), "w") as f:
            f.write("{\n")
            f.write('    "segment_duration_ms": %d,\n' % manifest["segment_duration_ms"])
            f.write('    "bitrates_kbps": [ %s ],\n' % ", ".join(str(k) for k in kbps))
            f.write('    "segment_sizes_bits": [\n')
            f.write(",\n".join("        [ %s ]" % ", ".join(str(b) for b in row) for row in manifest["segment_sizes_bits"]))
            f.write("\n    ]\n}\n")


if __name__ == "__main__":
    main()
