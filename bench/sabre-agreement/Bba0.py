"""BBA-0 (Huang et al., "A Buffer-Based Approach to Rate Adaptation", SIGCOMM 2014, Algorithm 1) as a Sabre ABR
module, for the agreement set only: Sabre lists 'bba' but its Bba.get_quality_delay raises NotImplementedError, so
Matchday's bba is compared with this independent implementation of the paper's algorithm running inside Sabre's
session model. Reservoir and cushion are 90/240 and 126/240 of the buffer size, as Matchday's defaults.

Use: python3 sabre.py -a /path/to/Bba0.py ... (Sabre loads the class named after the file.)
This file is Matchday's own code; it uses only Sabre's documented ABR interface and reads the buffer level through
Sabre's module globals.
"""
import __main__


class Bba0:
    def __init__(self, config):
        self.buffer_size = config['buffer_size']   # ms
        self.reservoir = self.buffer_size * 90 / 240
        self.cushion = self.buffer_size * 126 / 240
        self.last = 0

    def get_first_quality(self):
        return 0

    def get_quality_delay(self, segment_index):
        bitrates = self.session.manifest.bitrates
        top = len(bitrates) - 1
        level = __main__.get_buffer_level()
        if level <= self.reservoir:
            return (0, 0)
        if level >= self.reservoir + self.cushion:
            return (top, 0)
        f = bitrates[0] + (bitrates[top] - bitrates[0]) * (level - self.reservoir) / self.cushion
        prev = min(max(self.last, 0), top)
        plus = bitrates[top] if prev == top else bitrates[prev + 1]
        minus = bitrates[0] if prev == 0 else bitrates[prev - 1]
        if f >= plus:
            q = 0
            while q < top and bitrates[q + 1] < f:
                q += 1
            return (q, 0)
        if f <= minus:
            q = top
            while q > 0 and bitrates[q - 1] > f:
                q -= 1
            return (q, 0)
        return (prev, 0)

    def report_delay(self, delay):
        pass

    def report_download(self, metrics, is_replacment):
        if metrics.abandon_to_quality is None:
            self.last = metrics.quality

    def report_seek(self, where):
        pass

    def check_abandon(self, progress, buffer_level):
        return None
