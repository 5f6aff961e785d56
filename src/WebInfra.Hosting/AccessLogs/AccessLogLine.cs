using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Text;
using WebInfra.Topology.Model;

namespace WebInfra.Hosting.AccessLogs;

/// <summary>
/// Formats one access log line, in nginx's <c>combined</c> format extended with the upstream fields or as one JSON
/// object. Whatever the client chose (the request target, the referrer, the user agent) is escaped so that it can
/// never end the line or a field early: in the combined format as nginx escapes it (<c>"</c>, <c>\</c>, control
/// characters and every byte outside ASCII become <c>\xHH</c>), in JSON as JSON escapes it (nginx's <c>escape=json</c>),
/// with only ASCII written. So a request can never forge a second line.
/// </summary>
internal static class AccessLogLine
{
    private static readonly string[] s_months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private enum Escaping
    {
        /// <summary>nginx's default: <c>\xHH</c> for each byte of a character that could break the line.</summary>
        Combined,

        /// <summary>nginx's <c>escape=json</c>, and every character outside ASCII as <c>\uHHHH</c>.</summary>
        Json,
    }

    /// <summary>Appends the line of <paramref name="entry"/>, its newline included, to <paramref name="output"/>.</summary>
    public static void Write(in AccessLogEntry entry, AccessLogFormat format, IBufferWriter<byte> output)
    {
        if (format == AccessLogFormat.Json)
        {
            WriteJson(entry, output);
        }
        else
        {
            WriteCombined(entry, output);
        }
    }

    // $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"
    //   upstream_addr=… upstream_status=… request_time=… upstream_response_time=…
    private static void WriteCombined(in AccessLogEntry entry, IBufferWriter<byte> output)
    {
        WriteAddress(entry.RemoteAddress, output);
        Ascii(output, " - - [");
        WriteTimeLocal(entry.Time, output);
        Ascii(output, "] \"");
        WriteRequest(entry, Escaping.Combined, output);
        Ascii(output, "\" ");
        WriteNumber(entry.Status, output);
        Ascii(output, " ");
        WriteNumber(entry.BodyBytes, output);
        Ascii(output, " \"");
        WriteOrDash(entry.Referer, output);
        Ascii(output, "\" \"");
        WriteOrDash(entry.UserAgent, output);
        Ascii(output, "\" upstream_addr=");
        WriteUpstream(entry.Upstream, UpstreamField.Member, ",", Escaping.Combined, output);
        Ascii(output, " upstream_status=");
        WriteUpstream(entry.Upstream, UpstreamField.Status, ",", Escaping.Combined, output);
        Ascii(output, " request_time=");
        WriteSeconds(entry.RequestTime, output);
        Ascii(output, " upstream_response_time=");
        WriteUpstream(entry.Upstream, UpstreamField.Elapsed, ",", Escaping.Combined, output);
        Ascii(output, "\n");
    }

    private static void WriteJson(in AccessLogEntry entry, IBufferWriter<byte> output)
    {
        Ascii(output, "{\"time_local\":\"");
        WriteTimeLocal(entry.Time, output);
        Ascii(output, "\",\"remote_addr\":\"");
        WriteAddress(entry.RemoteAddress, output);
        Ascii(output, "\",\"remote_user\":\"\",\"request\":\"");
        WriteRequest(entry, Escaping.Json, output);
        Ascii(output, "\",\"status\":");
        WriteNumber(entry.Status, output);
        Ascii(output, ",\"body_bytes_sent\":");
        WriteNumber(entry.BodyBytes, output);
        Ascii(output, ",\"http_referer\":\"");
        WriteEscaped(entry.Referer, Escaping.Json, output);
        Ascii(output, "\",\"http_user_agent\":\"");
        WriteEscaped(entry.UserAgent, Escaping.Json, output);
        Ascii(output, "\",\"request_time\":");
        WriteSeconds(entry.RequestTime, output);
        Ascii(output, ",\"upstream_addr\":\"");
        WriteUpstream(entry.Upstream, UpstreamField.Member, ", ", Escaping.Json, output);
        Ascii(output, "\",\"upstream_status\":\"");
        WriteUpstream(entry.Upstream, UpstreamField.Status, ", ", Escaping.Json, output);
        Ascii(output, "\",\"upstream_response_time\":\"");
        WriteUpstream(entry.Upstream, UpstreamField.Elapsed, ", ", Escaping.Json, output);
        Ascii(output, "\"}\n");
    }

    private enum UpstreamField
    {
        Member,
        Status,
        Elapsed,
    }

    private static void WriteRequest(in AccessLogEntry entry, Escaping escaping, IBufferWriter<byte> output)
    {
        WriteEscaped(entry.Method, escaping, output);
        Ascii(output, " ");
        WriteEscaped(entry.Target, escaping, output);
        Ascii(output, " ");
        WriteEscaped(entry.Protocol, escaping, output);
    }

    /// <summary>Each attempt's field, separated; <c>-</c> (combined) or nothing (JSON) for a request answered here.</summary>
    private static void WriteUpstream(UpstreamAttempts? upstream, UpstreamField field, string separator, Escaping escaping, IBufferWriter<byte> output)
    {
        if (upstream is not { Count: > 0 })
        {
            if (escaping == Escaping.Combined)
            {
                Ascii(output, "-");
            }

            return;
        }

        for (var i = 0; i < upstream.Count; i++)
        {
            if (i > 0)
            {
                Ascii(output, separator);
            }

            var attempt = upstream[i];
            switch (field)
            {
                case UpstreamField.Member:
                    WriteEscaped(attempt.Member, escaping, output);
                    break;
                case UpstreamField.Status:
                    WriteNumber(attempt.Status, output);
                    break;
                default:
                    WriteSeconds(attempt.Elapsed, output);
                    break;
            }
        }
    }

    private static void WriteOrDash(string? value, IBufferWriter<byte> output)
    {
        if (string.IsNullOrEmpty(value))
        {
            Ascii(output, "-");
        }
        else
        {
            WriteEscaped(value, Escaping.Combined, output);
        }
    }

    private static void WriteEscaped(string? value, Escaping escaping, IBufferWriter<byte> output)
    {
        if (value is null)
        {
            return;
        }

        var text = value.AsSpan();
        Span<byte> bytes = stackalloc byte[4];
        while (!text.IsEmpty)
        {
            var c = text[0];
            if (c is >= (char)0x20 and < (char)0x7F and not '"' and not '\\')
            {
                var span = output.GetSpan(1);
                span[0] = (byte)c;
                output.Advance(1);
                text = text[1..];
            }
            else if (escaping == Escaping.Json)
            {
                WriteJsonEscape(c, output);
                text = text[1..];
            }
            else
            {
                // Every byte of the character's UTF-8 form as \xHH, as nginx writes the bytes it received; a lone
                // surrogate becomes U+FFFD's bytes.
                Rune.DecodeFromUtf16(text, out var rune, out var consumed);
                var length = rune.EncodeToUtf8(bytes);
                foreach (var b in bytes[..length])
                {
                    WriteHexEscape("\\x", b, 2, output);
                }

                text = text[consumed..];
            }
        }
    }

    private static void WriteJsonEscape(char c, IBufferWriter<byte> output)
    {
        switch (c)
        {
            case '"':
                Ascii(output, "\\\"");
                break;
            case '\\':
                Ascii(output, "\\\\");
                break;
            case '\n':
                Ascii(output, "\\n");
                break;
            case '\r':
                Ascii(output, "\\r");
                break;
            case '\t':
                Ascii(output, "\\t");
                break;
            default:
                WriteHexEscape("\\u", c, 4, output);
                break;
        }
    }

    private static void WriteHexEscape(string prefix, int value, int digits, IBufferWriter<byte> output)
    {
        Ascii(output, prefix);
        var span = output.GetSpan(digits);
        for (var i = digits - 1; i >= 0; i--)
        {
            span[i] = (byte)"0123456789ABCDEF"[value & 0xF];
            value >>= 4;
        }

        output.Advance(digits);
    }

    private static void WriteAddress(IPAddress? address, IBufferWriter<byte> output)
    {
        if (address is null)
        {
            Ascii(output, "-");
            return;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var span = output.GetSpan(64);
        if (!address.TryFormat(span, out var written))
        {
            throw new InvalidOperationException("an IP address is longer than 64 bytes");
        }

        output.Advance(written);
    }

    /// <summary>nginx's <c>$time_local</c>, <c>06/Dec/2026:18:50:40 +0000</c>, in UTC as every WebInfra log.</summary>
    private static void WriteTimeLocal(DateTime time, IBufferWriter<byte> output)
    {
        WritePadded(time.Day, 2, output);
        Ascii(output, "/");
        Ascii(output, s_months[time.Month - 1]);
        Ascii(output, "/");
        WritePadded(time.Year, 4, output);
        Ascii(output, ":");
        WritePadded(time.Hour, 2, output);
        Ascii(output, ":");
        WritePadded(time.Minute, 2, output);
        Ascii(output, ":");
        WritePadded(time.Second, 2, output);
        Ascii(output, " +0000");
    }

    /// <summary>Seconds with millisecond resolution, as nginx writes <c>$request_time</c>: <c>0.004</c>.</summary>
    private static void WriteSeconds(TimeSpan elapsed, IBufferWriter<byte> output)
    {
        var milliseconds = Math.Max(0, elapsed.Ticks / TimeSpan.TicksPerMillisecond);
        WriteNumber(milliseconds / 1000, output);
        Ascii(output, ".");
        WritePadded((int)(milliseconds % 1000), 3, output);
    }

    private static void WritePadded(int value, int digits, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(digits);
        for (var i = digits - 1; i >= 0; i--)
        {
            span[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        output.Advance(digits);
    }

    private static void WriteNumber(long value, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }

    private static void Ascii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        output.Advance(text.Length);
    }
}
