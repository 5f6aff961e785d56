using WebInfra.Topology.Model;
using WebInfra.Topology.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace WebInfra.Topology.Loading;

/// <summary>
/// Reads and validates a topology file. Every process of a site loads the same file this way, so a topology that
/// loads is one every component agrees on.
/// </summary>
public static class TopologyLoader
{
    /// <summary>Loads <paramref name="path"/>; relative paths inside the file are resolved against its folder.</summary>
    /// <exception cref="TopologyException">The file is missing, is not YAML, or describes an unusable site; carries every error.</exception>
    public static Model.Topology Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new TopologyException([new TopologyError(new SourceLocation(path, 1, 1), "topology file not found", $"looked for {fullPath}")]);
        }

        return Parse(File.ReadAllText(fullPath), path, Path.GetDirectoryName(fullPath)!, fullPath);
    }

    /// <summary>Reads a topology from text; <paramref name="fileName"/> is used in error locations.</summary>
    /// <exception cref="TopologyException">The text describes an unusable site; carries every error.</exception>
    public static Model.Topology Parse(string yaml, string fileName, string baseDirectory, string? sourcePath = null)
    {
        var errors = new TopologyErrors(fileName);
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        var parser = new Parser(reader);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException exception)
        {
            errors.Add(errors.At(exception.Start), $"not valid YAML: {Unwrap(exception).Message}");
        }
        catch (InvalidOperationException exception)
        {
            // The scanner fails this way on some malformed input; the last event read is where it stopped.
            errors.Add(errors.At(parser.Current?.End ?? Mark.Empty), $"not valid YAML: {exception.Message}");
        }

        errors.ThrowIfAny();

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode)
        {
            errors.Add(new SourceLocation(fileName, 1, 1), "a topology file holds one YAML mapping with the keys site, servers, backends and database");
            errors.ThrowIfAny();
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var topology = new TopologyReader(errors, baseDirectory).Read(root, sourcePath ?? Path.GetFullPath(Path.Combine(baseDirectory, fileName)));
        if (topology is not null && errors.Count == 0)
        {
            errors.AddRange(TopologyValidator.Validate(topology));
        }

        errors.ThrowIfAny();
        return topology!;
    }

    private static Exception Unwrap(YamlException exception) =>
        exception.InnerException is YamlException inner ? Unwrap(inner) : (Exception?)exception.InnerException ?? exception;
}
