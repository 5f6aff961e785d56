using System.Text.Json.Serialization;

namespace WebInfra.App.Application;

/// <summary>Where the user's application is in its life, as its application server's supervisor sees it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApplicationPhase>))]
public enum ApplicationPhase
{
    /// <summary>Started, and has not answered its health path yet.</summary>
    [JsonStringEnumMemberName("starting")]
    Starting,

    /// <summary>Answers its health path: it takes traffic.</summary>
    [JsonStringEnumMemberName("serving")]
    Serving,

    /// <summary>Served, and has since failed its health path several times in a row; it still runs.</summary>
    [JsonStringEnumMemberName("unhealthy")]
    Unhealthy,

    /// <summary>Exited (or never came up in time) and waits out its back-off before the next start.</summary>
    [JsonStringEnumMemberName("restarting")]
    Restarting,

    /// <summary>Stopped with its application server.</summary>
    [JsonStringEnumMemberName("stopped")]
    Stopped,
}
