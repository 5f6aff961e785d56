namespace WebInfra.App.Posts;

/// <summary>
/// A post that passed <see cref="PostValidator"/>: trimmed, within length, free of forbidden characters,
/// line breaks as LF. Only this type reaches the database, so nothing unchecked is ever stored.
/// </summary>
internal sealed record NewPost(string Author, string Body);
