namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>
/// What a <see cref="GetLoad"/> saw, in the order requests were answered: the web server of each success, and each
/// failure; <paramref name="Cuts"/> are the failures whose status and headers came but whose body ended early.
/// </summary>
internal sealed record GetLoadResults(IReadOnlyList<string> ServedBy, IReadOnlyList<string> Failures, IReadOnlyList<string> Cuts)
{
    public IEnumerable<string> ServedByFrom(int index) => ServedBy.Skip(index);
}
