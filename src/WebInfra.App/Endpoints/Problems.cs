using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace WebInfra.App.Endpoints;

/// <summary>
/// Every error response of the message board as RFC 7807 problem details (<c>application/problem+json</c>),
/// worded in one place so that the API explains itself the same way everywhere. Each call makes a new result,
/// since problem-details writers may add to the object (a trace id, for example).
/// </summary>
internal static class Problems
{
    public static IResult UnsupportedMediaType(string expected, string? actual) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "Unsupported media type",
        detail: actual is null
            ? $"Send the post as {expected}; this request has no Content-Type."
            : $"Send the post as {expected}; this request's Content-Type is '{actual}'.");

    public static IResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large",
        detail: string.Create(CultureInfo.InvariantCulture, $"The request body is larger than {RequestBody.MaxBytes} bytes, the most a post can need."));

    public static IResult UnreadableBody(BadHttpRequestException exception) => TypedResults.Problem(
        statusCode: exception.StatusCode,
        title: "Unreadable request body",
        detail: exception.Message);

    public static IResult Malformed(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Malformed request body",
        detail: detail);

    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors);

    public static IResult Invalid(string parameter, string error) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [parameter] = [error] });

    public static IResult PostNotFound(ulong id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Post not found",
        detail: string.Create(CultureInfo.InvariantCulture, $"There is no post with id {id}."));

    public static IResult DatabaseUnavailable() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Database unavailable",
        detail: "The message board cannot reach its database right now, or no database node takes writes while a new primary takes over. Try again in a second.");
}
