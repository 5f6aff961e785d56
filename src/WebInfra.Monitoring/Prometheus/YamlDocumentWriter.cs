using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace WebInfra.Monitoring.Prometheus;

/// <summary>
/// Writes one YAML document through YamlDotNet's emitter, which chooses the quoting: PromQL (<c>{class!="health"}</c>)
/// and Go templates (<c>{{ $labels.component }}</c>) are full of characters that plain YAML scalars may not start with.
/// </summary>
internal sealed class YamlDocumentWriter
{
    private readonly Emitter _emitter;

    private YamlDocumentWriter(TextWriter text)
    {
        _emitter = new Emitter(text, EmitterSettings.Default.WithIndentedSequences());
    }

    /// <summary>The document <paramref name="write"/> produces, after a header of comment lines.</summary>
    public static string Render(IEnumerable<string> header, Action<YamlDocumentWriter> write)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var yaml = new YamlDocumentWriter(text);
        yaml._emitter.Emit(new StreamStart());
        foreach (var line in header)
        {
            yaml.Comment(line);
        }

        yaml._emitter.Emit(new DocumentStart());
        write(yaml);
        yaml._emitter.Emit(new DocumentEnd(isImplicit: true));
        yaml._emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    public void Comment(string line) => _emitter.Emit(new Comment(line, isInline: false));

    /// <summary>A block mapping whose entries <paramref name="entries"/> writes.</summary>
    public void Mapping(Action entries)
    {
        _emitter.Emit(new MappingStart());
        entries();
        _emitter.Emit(new MappingEnd());
    }

    /// <summary>A key whose value <paramref name="value"/> writes (a mapping or a sequence).</summary>
    public void Key(string key, Action value)
    {
        Scalar(key);
        value();
    }

    public void Pair(string key, string value)
    {
        Scalar(key);
        Scalar(value);
    }

    /// <summary>A block sequence of one item per element of <paramref name="items"/>.</summary>
    public void Sequence<T>(IEnumerable<T> items, Action<T> item)
    {
        _emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Block));
        foreach (var element in items)
        {
            item(element);
        }

        _emitter.Emit(new SequenceEnd());
    }

    /// <summary>A one-line sequence of scalars, <c>[a, b]</c>.</summary>
    public void FlowSequence(IEnumerable<string> values)
    {
        _emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Flow));
        foreach (var value in values)
        {
            Scalar(value);
        }

        _emitter.Emit(new SequenceEnd());
    }

    private void Scalar(string value) => _emitter.Emit(new Scalar(value));
}
