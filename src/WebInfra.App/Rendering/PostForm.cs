namespace WebInfra.App.Rendering;

/// <summary>
/// What a visitor without JavaScript typed into the form and what was wrong with it, so that a rejected post
/// comes back with their text and the reasons instead of an empty form.
/// </summary>
internal sealed record PostForm(string Author, string Body, IReadOnlyDictionary<string, string[]> Errors);
