namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// One thing <c>doctor</c> checks a topology for. Rules read the topology only, add every finding they make and never
/// stop at the first, as the topology's validators do.
/// </summary>
internal interface IDoctorRule
{
    /// <summary>The rule's name, one of <see cref="DoctorRules"/>; findings and <c>--json</c> carry it.</summary>
    string Name { get; }

    void Examine(DoctorContext context, ICollection<Finding> findings);
}
