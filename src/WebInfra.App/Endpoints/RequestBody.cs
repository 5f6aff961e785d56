using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace WebInfra.App.Endpoints;

/// <summary>
/// Reads a whole request body, but never more than <see cref="MaxBytes"/>: a post is at most 2000 characters,
/// so anything bigger is refused with 413 before it is buffered. The body is parsed straight from the request
/// pipe's buffers, without copying.
/// </summary>
internal static class RequestBody
{
    /// <summary>16 KiB: a full post is at most about 8 KiB of UTF-8 even before JSON escaping, so this leaves room without inviting abuse.</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>Reads the body and parses it with <paramref name="parse"/>; returns the parsed value, or null and the problem to answer with.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(
        HttpRequest request,
        Func<ReadOnlySequence<byte>, T> parse,
        CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.TooLarge());
        }

        var reader = request.BodyReader;
        ReadResult result;
        try
        {
            while (true)
            {
                result = await reader.ReadAsync(cancellationToken);
                if (result.Buffer.Length > MaxBytes)
                {
                    reader.AdvanceTo(result.Buffer.End);
                    return (null, Problems.TooLarge());
                }

                if (result.IsCompleted)
                {
                    break;
                }

                // Keep everything buffered and wait for more.
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }
        catch (BadHttpRequestException ex)
        {
            // The server refused the body itself: a bad chunked encoding, a too-slow client, or its own size limit.
            return (null, Problems.UnreadableBody(ex));
        }

        try
        {
            return (parse(result.Buffer), null);
        }
        finally
        {
            reader.AdvanceTo(result.Buffer.End);
        }
    }
}
