namespace WebInfra.Cli.Logging;

/// <summary>Event IDs of the command-line tool and its supervisor, 7000-7999.</summary>
internal static class EventIds
{
    public const int ComponentStarting = 7001;
}
