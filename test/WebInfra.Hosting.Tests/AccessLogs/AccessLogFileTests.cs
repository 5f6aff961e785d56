using System.Text;
using WebInfra.Hosting.AccessLogs;

namespace WebInfra.Hosting.Tests.AccessLogs;

public sealed class AccessLogFileTests
{
    private static byte[] Line(int number) => Encoding.ASCII.GetBytes($"line {number:D4} {new string('x', 40)}\n");

    [Fact]
    public void File_past_its_size_is_rotated_at_a_line_boundary_keeping_the_newest_files()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("logs", "lb-01-balancer.access.log");
        var lineLength = Line(0).Length;

        using (var file = new AccessLogFile(path, maxSize: 10 * lineLength + 5, keep: 3))
        {
            for (var i = 0; i < 100; i++)
            {
                file.Write(Line(i));
            }
        }

        // 10 lines a file: lines 90-99 in the current one, 80-89 in .1, 70-79 in .2, 60-69 in .3; older ones are gone.
        Assert.Equal(["lb-01-balancer.access.log", "lb-01-balancer.access.log.1", "lb-01-balancer.access.log.2", "lb-01-balancer.access.log.3"],
            Directory.EnumerateFiles(directory.Combine("logs")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var lines = new[] { ".3", ".2", ".1", "" }.SelectMany(suffix => File.ReadAllLines(path + suffix)).ToList();
        Assert.Equal(Enumerable.Range(60, 40).Select(i => Encoding.ASCII.GetString(Line(i)).TrimEnd('\n')), lines);
        Assert.All(new[] { ".3", ".2", ".1", "" }, suffix => Assert.True(new FileInfo(path + suffix).Length <= 10 * lineLength + 5));
    }

    [Fact]
    public void Reopened_file_goes_on_from_its_size()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("access.log");
        var lineLength = Line(0).Length;
        using (var file = new AccessLogFile(path, maxSize: 3 * lineLength, keep: 1))
        {
            file.Write(Line(1));
            file.Write(Line(2));
        }

        using (var file = new AccessLogFile(path, maxSize: 3 * lineLength, keep: 1))
        {
            file.Write(Line(3));
            file.Write(Line(4));
        }

        Assert.Equal(3, File.ReadAllLines(path + ".1").Length);
        Assert.Single(File.ReadAllLines(path));
    }

    [Fact]
    public void Keep_zero_deletes_the_full_file()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("access.log");
        using (var file = new AccessLogFile(path, maxSize: Line(0).Length, keep: 0))
        {
            file.Write(Line(1));
            file.Write(Line(2));
        }

        Assert.Equal([path], Directory.EnumerateFiles(directory.Path));
        Assert.Equal(Encoding.ASCII.GetString(Line(2)), File.ReadAllText(path));
    }

    [Fact]
    public void Line_longer_than_the_size_is_written_whole_in_a_file_of_its_own()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("access.log");
        using (var file = new AccessLogFile(path, maxSize: 10, keep: 2))
        {
            file.Write(Line(1));
            file.Write(Line(2));
        }

        Assert.Equal(Encoding.ASCII.GetString(Line(1)), File.ReadAllText(path + ".1"));
        Assert.Equal(Encoding.ASCII.GetString(Line(2)), File.ReadAllText(path));
    }
}
