namespace WebInfra.App.Posts;

/// <summary>
/// A post as stored, with the GTID of the transaction that stored it, so the endpoint can hand the GTID to the
/// client and the client's next reads can wait for it on a replica (read-your-writes).
/// </summary>
/// <param name="Post">The stored post.</param>
/// <param name="Gtid">The transaction's GTID (<c>@@last_gtid</c>), or null when the server reported none.</param>
internal sealed record WrittenPost(Post Post, string? Gtid);
