namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>What a <see cref="GetLoad"/> saw, in the order requests were answered: the web server of each success, and each failure.</summary>
internal sealed record GetLoadResults(IReadOnlyList<string> ServedBy, IReadOnlyList<string> Failures)
{
    public IEnumerable<string> ServedByFrom(int index) => ServedBy.Skip(index);
}
