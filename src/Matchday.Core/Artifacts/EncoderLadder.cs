using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Artifacts;

/// <summary>One rendition of the ladder as an encoder needs it: name, bitrate, resolution.</summary>
public sealed record Rendition(string Name, Bitrate Bitrate, int Width, int Height);

/// <summary>
/// The ladder as encoder configuration: the AWS Elemental MediaLive channel's video descriptions (one per rung, each
/// with its own HLS output) and an ffmpeg command per input that produces the whole ladder as HLS. Both use the
/// scenario's segment duration, constant bitrate at each rung's bitrate with a buffer of two seconds of it (the seed's
/// <c>-maxrate 4800k -bufsize 9600k</c>), keyframes forced at every segment boundary (and no scene-cut keyframes) so
/// every rendition's segments start together, and AAC stereo audio at 128 kbit/s, 48 kHz (the seed's AudioAAC). A rung's
/// resolution comes from its name (<c>720p</c>: 720 lines at 16:9, the width rounded to an even number of pixels).
/// </summary>
public static partial class EncoderLadder
{
    /// <summary>Audio bitrate of every rendition, bit/s (the seed's MediaLive AudioAAC).</summary>
    public const int AudioBitrate = 128_000;

    /// <summary>Audio sample rate, Hz.</summary>
    public const int AudioSampleRate = 48_000;

    /// <summary>The x264/x265 preset: fast enough for live encoding on a CPU instance.</summary>
    public const string Preset = "veryfast";

    [GeneratedRegex(@"^(\d{3,4})p$", RegexOptions.CultureInvariant)]
    private static partial Regex HeightName();

    /// <summary>The renditions, or the problems that stop them (a rung whose name gives no resolution, a codec no encoder takes).</summary>
    public static (ImmutableArray<Rendition> Renditions, ImmutableArray<(string Field, string Message)> Errors) Renditions(Scenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var errors = ImmutableArray.CreateBuilder<(string, string)>();
        var list = ImmutableArray.CreateBuilder<Rendition>();
        for (var i = 0; i < s.Ladder.Rungs.Length; i++)
        {
            var r = s.Ladder.Rungs[i];
            var m = HeightName().Match(r.Name);
            if (!m.Success || int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is < 144 or > 4320)
            {
                errors.Add(($"ladder.rungs[{i}].name", $"'{r.Name}' gives no resolution: the encoder artifacts read a rung's height from its name, 144p to 4320p (e.g. 720p)"));
                continue;
            }
            var height = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var width = (int)Math.Round(height * 16.0 / 9 / 2) * 2;
            list.Add(new Rendition(r.Name, r.Bitrate, width, height));
        }
        return (list.ToImmutable(), errors.ToImmutable());
    }

    /// <summary>The codec's MediaLive settings name and ffmpeg encoder.</summary>
    public static (string MediaLive, string Settings, string Ffmpeg) CodecOf(Codec codec) => codec switch
    {
        Codec.H264 => ("H_264", "H264Settings", "libx264"),
        Codec.Hevc => ("H_265", "H265Settings", "libx265"),
        Codec.Av1 => ("AV1", "Av1Settings", "libaom-av1"),
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "unknown codec"),
    };

    private static long Bps(Bitrate b) => (long)Math.Round(b.BitsPerSecond);

    /// <summary>
    /// The MediaLive channel (the CreateChannel request's shape, as <c>aws medialive create-channel --cli-input-json</c>
    /// takes it): one video description per rung, one AAC audio description per rendition, one HLS output group with the
    /// scenario's segment length. Role, input and destination are placeholders to fill.
    /// </summary>
    public static string MediaLiveJson(Scenario s, ImmutableArray<Rendition> renditions)
    {
        ArgumentNullException.ThrowIfNull(s);
        var codec = CodecOf(s.Ladder.Codec);
        var segment = (int)Math.Round(s.Delivery.SegmentDuration.Seconds);
        var videos = new JsonArray();
        var audios = new JsonArray();
        var outputs = new JsonArray();
        foreach (var r in renditions)
        {
            var bps = Bps(r.Bitrate);
            videos.Add(new JsonObject
            {
                ["Name"] = $"video_{r.Name}",
                ["Width"] = r.Width,
                ["Height"] = r.Height,
                ["ScalingBehavior"] = "DEFAULT",
                ["RespondToAfd"] = "NONE",
                ["Sharpness"] = 50,
                ["CodecSettings"] = new JsonObject
                {
                    [codec.Settings] = new JsonObject
                    {
                        ["RateControlMode"] = "CBR",
                        ["Bitrate"] = bps,
                        ["BufSize"] = 2 * bps,
                        ["GopSize"] = s.Delivery.SegmentDuration.Seconds,
                        ["GopSizeUnits"] = "SECONDS",
                        ["GopClosedCadence"] = 1,
                        ["SceneChangeDetect"] = "DISABLED",
                        ["FramerateControl"] = "INITIALIZE_FROM_SOURCE",
                        ["ScanType"] = "PROGRESSIVE",
                    },
                },
            });
            audios.Add(new JsonObject
            {
                ["Name"] = $"audio_{r.Name}",
                ["AudioSelectorName"] = "default",
                ["CodecSettings"] = new JsonObject { ["AacSettings"] = new JsonObject { ["Bitrate"] = AudioBitrate, ["CodingMode"] = "CODING_MODE_2_0", ["SampleRate"] = AudioSampleRate, ["RateControlMode"] = "CBR" } },
            });
            outputs.Add(new JsonObject
            {
                ["OutputName"] = $"hls_{r.Name}",
                ["VideoDescriptionName"] = $"video_{r.Name}",
                ["AudioDescriptionNames"] = new JsonArray($"audio_{r.Name}"),
                ["OutputSettings"] = new JsonObject { ["HlsOutputSettings"] = new JsonObject { ["NameModifier"] = $"_{r.Name}", ["HlsSettings"] = new JsonObject { ["StandardHlsSettings"] = new JsonObject { ["M3u8Settings"] = new JsonObject(), ["AudioRenditionSets"] = "program_audio" } } } },
            });
        }
        var channel = new JsonObject
        {
            ["Name"] = $"{ArtifactText.KubernetesName(s.Name)}-ladder",
            ["ChannelClass"] = s.Encoding.Pipelines >= 2 ? "STANDARD" : "SINGLE_PIPELINE",
            ["RoleArn"] = "arn:aws:iam::ACCOUNT:role/MediaLiveAccessRole",
            ["InputAttachments"] = new JsonArray(new JsonObject { ["InputAttachmentName"] = "input-1", ["InputId"] = "INPUT_ID" }),
            ["InputSpecification"] = new JsonObject { ["Codec"] = "AVC", ["MaximumBitrate"] = "MAX_50_MBPS", ["Resolution"] = renditions.Any(r => r.Height > 1080) ? "UHD" : "HD" },
            ["Destinations"] = new JsonArray(new JsonObject { ["Id"] = "hls_destination", ["Settings"] = new JsonArray(new JsonObject { ["Url"] = "s3ssl://BUCKET/live/index" }) }),
            ["EncoderSettings"] = new JsonObject
            {
                ["TimecodeConfig"] = new JsonObject { ["Source"] = "EMBEDDED" },
                ["VideoDescriptions"] = videos,
                ["AudioDescriptions"] = audios,
                ["OutputGroups"] = new JsonArray(new JsonObject
                {
                    ["Name"] = "hls",
                    ["OutputGroupSettings"] = new JsonObject
                    {
                        ["HlsGroupSettings"] = new JsonObject
                        {
                            ["Destination"] = new JsonObject { ["DestinationRefId"] = "hls_destination" },
                            ["SegmentLength"] = segment,
                            ["SegmentationMode"] = "USE_SEGMENT_DURATION",
                            ["IndexNSegments"] = 10,
                            ["KeepSegments"] = 21,
                            ["Mode"] = "LIVE",
                        },
                    },
                    ["Outputs"] = outputs,
                }),
            },
        };
        return channel.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>
    /// The ffmpeg arguments that encode one input into the whole ladder as HLS under <paramref name="output"/>: the
    /// video split and scaled per rung, each rung at its bitrate (maxrate the same, bufsize twice), keyframes forced
    /// every segment, <c>-hls_time</c> the segment duration, one variant playlist per rung (<c>%v</c>) and a master
    /// playlist. <paramref name="input"/> is the arguments that open the source (<c>-i URL</c>); it must give video and
    /// audio as its first streams.
    /// </summary>
    public static ImmutableArray<string> FfmpegArguments(Scenario s, ImmutableArray<Rendition> renditions, IEnumerable<string> input, string output)
    {
        ArgumentNullException.ThrowIfNull(s);
        var codec = CodecOf(s.Ladder.Codec);
        var inv = CultureInfo.InvariantCulture;
        var seg = ArtifactText.Number(s.Delivery.SegmentDuration.Seconds);
        var n = renditions.Length;
        var filter = new StringBuilder($"[0:v:0]split={n}");
        for (var i = 0; i < n; i++) filter.Append(inv, $"[s{i}]");
        for (var i = 0; i < n; i++) filter.Append(inv, $";[s{i}]scale={renditions[i].Width}:{renditions[i].Height}:flags=bicubic,setsar=1[v{i}]");
        var args = new List<string> { "-hide_banner", "-nostdin", "-y" };
        args.AddRange(input);
        args.AddRange(["-filter_complex", filter.ToString()]);
        for (var i = 0; i < n; i++)
        {
            var bps = Bps(renditions[i].Bitrate).ToString(inv);
            var buf = (2 * Bps(renditions[i].Bitrate)).ToString(inv);
            args.AddRange(["-map", $"[v{i}]", $"-c:v:{i}", codec.Ffmpeg, $"-b:v:{i}", bps, $"-maxrate:v:{i}", bps, $"-bufsize:v:{i}", buf]);
        }
        for (var i = 0; i < n; i++) args.AddRange(["-map", "0:a:0"]);
        args.AddRange(["-c:a", "aac", "-b:a", AudioBitrate.ToString(inv), "-ar", AudioSampleRate.ToString(inv), "-ac", "2"]);
        args.AddRange(["-pix_fmt", "yuv420p", "-force_key_frames", $"expr:gte(t,n_forced*{seg})"]);
        args.AddRange(codec.Ffmpeg switch
        {
            "libx264" => ["-preset", Preset, "-sc_threshold", "0"],
            "libx265" => ["-preset", Preset, "-x265-params", "scenecut=0"],
            _ => ["-cpu-used", "8", "-usage", "realtime"],
        });
        args.AddRange(["-f", "hls", "-hls_time", seg, "-hls_playlist_type", "event", "-hls_flags", "independent_segments",
            "-hls_segment_filename", $"{output}/%v/segment_%05d.ts", "-master_pl_name", "master.m3u8",
            "-var_stream_map", string.Join(' ', renditions.Select((r, i) => $"v:{i},a:{i},name:{r.Name}")), $"{output}/%v/index.m3u8"]);
        return [.. args];
    }

    /// <summary>A shell script with one ffmpeg command per input of the scenario (inputs from <c>$INPUT_1</c>, ...).</summary>
    public static string FfmpegScript(Scenario s, ImmutableArray<Rendition> renditions, string header)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(header);
        var w = new StringBuilder("#!/bin/sh\n");
        foreach (var line in header.Split('\n')) w.AppendLine(line.Length == 0 ? "#" : "# " + line);
        w.AppendLine("set -eu");
        w.AppendLine("OUT=${OUT:-hls}");
        for (var i = 1; i <= Math.Max(1, s.Encoding.InputStreams); i++)
        {
            var args = FfmpegArguments(s, renditions, ["-i", $"${{INPUT_{i}:?set INPUT_{i} to the URL of input {i}}}"], $"$OUT/input-{i}");
            w.Append("ffmpeg");
            foreach (var a in args) w.Append(' ').Append(Shell(a));
            w.AppendLine(" &");
        }
        w.AppendLine("wait");
        return w.ToString();
    }

    /// <summary>An argument for sh: single-quoted unless it is plain, and "${...}" kept expandable.</summary>
    private static string Shell(string a)
    {
        if (a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,%".Contains(c, StringComparison.Ordinal))) return a;
        if (a.StartsWith("${", StringComparison.Ordinal) || a.StartsWith("$OUT", StringComparison.Ordinal)) return "\"" + a + "\"";
        return "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
