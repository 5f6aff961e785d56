using Microsoft.Net.Http.Headers;

namespace WebInfra.Monitoring.Dashboard;

/// <summary>One file of the page.</summary>
/// <param name="Content">Its bytes.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="EntityTag">A hash of its bytes, for <c>If-None-Match</c>.</param>
internal sealed record DashboardAsset(byte[] Content, string ContentType, EntityTagHeaderValue EntityTag);
