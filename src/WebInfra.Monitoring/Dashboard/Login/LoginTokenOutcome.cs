namespace WebInfra.Monitoring.Dashboard.Login;

/// <summary>Whether a login token may be exchanged for a session.</summary>
internal enum LoginTokenOutcome
{
    /// <summary>Signed with this site's current admin token and not expired.</summary>
    Valid,

    /// <summary>Not of the form <c>EXPIRES.NONCE.MAC</c>.</summary>
    Malformed,

    /// <summary>Not signed with the current admin token: forged, or minted before a <c>secrets rotate</c>.</summary>
    BadSignature,

    /// <summary>Past its expiry.</summary>
    Expired,

    /// <summary>Already exchanged once.</summary>
    Used,
}
