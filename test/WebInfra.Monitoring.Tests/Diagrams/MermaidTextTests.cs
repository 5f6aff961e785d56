using WebInfra.Monitoring.Diagrams;

namespace WebInfra.Monitoring.Tests.Diagrams;

public sealed class MermaidTextTests
{
    [Fact]
    public void Ids_keep_letters_and_digits_only_and_stay_the_same_for_one_name()
    {
        var text = new MermaidText();

        Assert.Equal("n_server_1_web", text.Id("n_", "server-1/web"));
        Assert.Equal("n_server_1_web", text.Id("n_", "server-1/web"));
        Assert.Equal("n_end", text.Id("n_", "end"));
    }

    [Fact]
    public void Names_that_sanitise_alike_get_distinct_ids()
    {
        var text = new MermaidText();

        Assert.Equal("s_server_1", text.Id("s_", "server-1"));
        Assert.Equal("s_server_1_2", text.Id("s_", "server_1"));
    }

    [Fact]
    public void Quotes_inside_a_label_are_written_as_entities()
    {
        Assert.Equal("\"say #quot;hi#quot;\"", MermaidText.Quote("say \"hi\""));
    }

    [Fact]
    public void Semicolons_and_hashes_in_sequence_text_are_written_as_entities()
    {
        Assert.Equal("a#59; b #35;1", MermaidText.Plain("a; b #1"));
    }
}
