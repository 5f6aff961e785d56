namespace WebInfra.Cli.Logging;

/// <summary>Event IDs of the command-line tool and its supervisor, 7000-7999.</summary>
internal static class EventIds
{
    public const int ComponentStarting = 7001;
    public const int NameServerStarted = 7101;
    public const int EntryWithdrawn = 7102;
    public const int EntryBack = 7103;
    public const int ZoneReloaded = 7104;
}
