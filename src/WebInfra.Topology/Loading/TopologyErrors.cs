using WebInfra.Topology.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace WebInfra.Topology.Loading;

/// <summary>Collects the errors of one topology file with their locations; never stops at the first.</summary>
internal sealed class TopologyErrors(string file)
{
    private readonly List<TopologyError> _errors = [];

    public string File { get; } = file;

    public int Count => _errors.Count;

    public SourceLocation LocationOf(YamlNode node) => At(node.Start);

    public SourceLocation At(Mark mark) => new(File, (int)mark.Line, (int)mark.Column);

    public void Add(YamlNode node, string message, string? hint = null) => _errors.Add(new TopologyError(LocationOf(node), message, hint));

    public void Add(SourceLocation location, string message, string? hint = null) => _errors.Add(new TopologyError(location, message, hint));

    public void AddRange(IEnumerable<TopologyError> errors) => _errors.AddRange(errors);

    /// <summary>Throws every error found, sorted by location, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new TopologyException([.. _errors.OrderBy(e => e.Location.File, StringComparer.Ordinal).ThenBy(e => e.Location.Line).ThenBy(e => e.Location.Column)]);
        }
    }
}
