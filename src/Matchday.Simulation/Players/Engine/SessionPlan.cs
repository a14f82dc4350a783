namespace Matchday.Simulation.Players.Engine;

/// <summary>
/// A run's compiled sessions: one <see cref="SessionSetup"/> per device of the mix (each with the player its device
/// runs and the rung its screen allows), or one for everyone, and the seeded draw of a viewer's device.
/// </summary>
internal sealed class SessionPlan
{
    /// <summary>Salt for the viewer's device draw: its own stream, so adding devices never shifts the session's numbers.</summary>
    private const ulong DeviceSalt = 0xDE71_CE5A;

    private readonly double[] _cumulative;

    /// <summary>Per device (or one entry when there are no devices): the compiled session.</summary>
    public readonly SessionSetup[] Setups;

    /// <summary>Per device: the highest rung it plays (int.MaxValue when there are no devices).</summary>
    public readonly int[] RungCaps;

    /// <summary>Per device: its name (empty when there are no devices).</summary>
    public readonly string[] Names;

    /// <summary>Per device: the name of the player it runs (the session ABR's name when the device names none).</summary>
    public readonly string[] Players;

    /// <summary>Compiles the options.</summary>
    /// <exception cref="ArgumentException">The options are invalid (every problem listed).</exception>
    public SessionPlan(PlayerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid player options: " + string.Join("; ", errors), nameof(options));
        var devices = options.Devices.IsDefault ? [] : options.Devices;
        if (devices.Length == 0)
        {
            Setups = [new SessionSetup(options)];
            RungCaps = [int.MaxValue];
            Names = [""];
            Players = [options.Abr.Name];
            _cumulative = [];
            return;
        }
        var total = devices.Sum(d => d.Weight);
        _cumulative = new double[devices.Length];
        var acc = 0.0;
        for (var i = 0; i < devices.Length; i++) { acc += devices[i].Weight / total; _cumulative[i] = acc; }
        var bare = options with { Devices = [] };
        // The session's own player, for the devices naming none (when every device names its own, nobody runs it).
        var shared = devices.Any(d => d.Player is null) ? new SessionSetup(bare) : null;
        Setups = [.. devices.Select(d => d.Player is { } p ? new SessionSetup(p.ApplyTo(bare)) : shared!)];
        RungCaps = [.. devices.Select(d => d.MaxRung)];
        Names = [.. devices.Select(d => d.Name)];
        Players = [.. devices.Select(d => d.Player?.Name ?? options.Abr.Name)];
    }

    /// <summary>Devices in the mix (1 when there are none: everyone is "device 0").</summary>
    public int Devices => Setups.Length;

    /// <summary>True when the options name devices.</summary>
    public bool HasDevices => _cumulative.Length > 0;

    /// <summary>Viewer <paramref name="index"/>'s device: a function of (seed, index) only.</summary>
    public int Draw(ulong seed, long index)
    {
        if (_cumulative.Length == 0) return 0;
        var u = PlayerRandom.For(seed, index, DeviceSalt).NextDouble();
        var d = 0;
        while (d < _cumulative.Length - 1 && u >= _cumulative[d]) d++;
        return d;
    }
}
