using System.Diagnostics.CodeAnalysis;

namespace WebInfra.App.Posts;

/// <summary>
/// What <see cref="PostValidator"/> made of a request: a post, per-field errors, or a body that could not be
/// read at all. Exactly one of <see cref="Post"/>, <see cref="Errors"/> and <see cref="MalformedDetail"/> is set,
/// and each maps to one response: 201, a validation problem, or a plain 400 problem.
/// </summary>
internal sealed class PostValidationResult
{
    private PostValidationResult(NewPost? post, IReadOnlyDictionary<string, string[]>? errors, string? malformedDetail)
    {
        Post = post;
        Errors = errors;
        MalformedDetail = malformedDetail;
    }

    /// <summary>The checked, normalized post when the request was valid.</summary>
    public NewPost? Post { get; }

    /// <summary>What is wrong, keyed by JSON property (<c>author</c>, <c>body</c>, or an unknown one), in the shape of ASP.NET Core's validation problems.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    /// <summary>Why the body is not a JSON object at all, and where, when it is not.</summary>
    public string? MalformedDetail { get; }

    [MemberNotNullWhen(true, nameof(Post))]
    public bool IsValid => Post is not null;

    public static PostValidationResult Valid(NewPost post) => new(post, null, null);

    public static PostValidationResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors, null);

    public static PostValidationResult Malformed(string detail) => new(null, null, detail);
}
