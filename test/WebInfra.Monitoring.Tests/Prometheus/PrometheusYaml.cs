using YamlDotNet.RepresentationModel;

namespace WebInfra.Monitoring.Tests.Prometheus;

/// <summary>Reads the exported files back the way Prometheus does: as YAML, not as text.</summary>
internal static class PrometheusYaml
{
    public static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    public static YamlNode Get(this YamlNode node, string key) => ((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    public static string Text(this YamlNode node, string key) => ((YamlScalarNode)node.Get(key)).Value!;

    public static bool Has(this YamlNode node, string key) => ((YamlMappingNode)node).Children.ContainsKey(new YamlScalarNode(key));

    public static IEnumerable<YamlNode> Items(this YamlNode node, string key) => (YamlSequenceNode)node.Get(key);
}
