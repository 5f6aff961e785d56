using WebInfra.Monitoring.Metrics;

namespace WebInfra.Monitoring.Tests.Metrics;

public sealed class PrometheusTextParserTests
{
    [Fact]
    public void Reads_samples_with_and_without_labels_and_skips_comments_and_blank_lines()
    {
        var samples = PrometheusTextParser.Parse("""
            # HELP webinfra_http_requests_total Requests answered on the public listener.
            # TYPE webinfra_http_requests_total counter
            webinfra_http_requests_total{class="static",code="200"} 5

            webinfra_connections_open 3
            process_cpu_seconds_total 1.25E-05
            """);

        Assert.Equal(3, samples.Count);
        Assert.Equal("webinfra_http_requests_total", samples[0].Name);
        Assert.Equal("static", samples[0].Label("class"));
        Assert.Equal("200", samples[0].Label("code"));
        Assert.Equal(5, samples[0].Value);
        Assert.Empty(samples[1].Labels);
        Assert.Equal(3, samples[1].Value);
        Assert.Equal(1.25E-05, samples[2].Value);
    }

    [Fact]
    public void Unescapes_backslash_quote_and_newline_in_label_values()
    {
        var sample = Assert.Single(PrometheusTextParser.Parse("""m{path="C:\\dir",say="\"hi\"",text="a\nb",brace="}{,"} 1"""));

        Assert.Equal(@"C:\dir", sample.Label("path"));
        Assert.Equal("\"hi\"", sample.Label("say"));
        Assert.Equal("a\nb", sample.Label("text"));
        Assert.Equal("}{,", sample.Label("brace"));
    }

    [Fact]
    public void Reads_infinities_NaN_a_timestamp_and_a_trailing_comma()
    {
        var samples = PrometheusTextParser.Parse("""
            h_bucket{le="+Inf",} +Inf
            g -Inf 1712345678901
            n NaN
            """);

        Assert.Equal("+Inf", samples[0].Label("le"));
        Assert.Equal(double.PositiveInfinity, samples[0].Value);
        Assert.Equal(double.NegativeInfinity, samples[1].Value);
        Assert.True(double.IsNaN(samples[2].Value));
    }

    [Theory]
    [InlineData("m{a=\"1} 2", "a closing '\"'")]
    [InlineData("m{a=\"1\"", "',' or '}'")]
    [InlineData("m{a=1} 2", "=\"...\"")]
    [InlineData("m{a=\"x\\t\"} 2", "not \\t")]
    [InlineData("m{a=\"1\" b=\"2\"} 3", "',' or '}'")]
    [InlineData("m{a=\"1\",a=\"2\"} 3", "label 'a' only once")]
    [InlineData("m twelve", "a number, not 'twelve'")]
    [InlineData("m 1 2 3", "at most a timestamp")]
    [InlineData("m 1 soon", "a timestamp")]
    [InlineData("m", "a space before the value")]
    [InlineData("9lives 1", "a metric name")]
    public void Rejects_a_malformed_line_and_names_it(string line, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("ok 1\n" + line));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_what_prometheus_net_writes_for_a_histogram()
    {
        var metrics = MetricSet.Parse("""
            # TYPE webinfra_http_request_duration_seconds histogram
            webinfra_http_request_duration_seconds_sum{class="static"} 0.5
            webinfra_http_request_duration_seconds_count{class="static"} 4
            webinfra_http_request_duration_seconds_bucket{class="static",le="0.005"} 1
            webinfra_http_request_duration_seconds_bucket{class="static",le="0.01"} 3
            webinfra_http_request_duration_seconds_bucket{class="static",le="+Inf"} 4
            webinfra_http_request_duration_seconds_bucket{class="health",le="0.005"} 10
            webinfra_http_request_duration_seconds_bucket{class="health",le="0.01"} 10
            webinfra_http_request_duration_seconds_bucket{class="health",le="+Inf"} 10
            """);

        var all = metrics.Buckets("webinfra_http_request_duration_seconds");
        var traffic = metrics.Buckets("webinfra_http_request_duration_seconds", s => s.Label("class") != "health");

        Assert.Equal([new(0.005, 11), new(0.01, 13), new(double.PositiveInfinity, 14)], all);
        Assert.Equal([new(0.005, 1), new(0.01, 3), new(double.PositiveInfinity, 4)], traffic);
        Assert.Equal(4, metrics.Sum("webinfra_http_request_duration_seconds_count"));
    }
}
