namespace WebInfra.App.Posts;

/// <summary>A stored post, exactly as the API returns it: the database assigned <paramref name="Id"/> and <paramref name="CreatedAt"/> (UTC).</summary>
internal sealed record Post(ulong Id, string Author, string Body, DateTime CreatedAt);
