namespace AmbientVerify.Probes.Verdicts;

/// <summary>The outcome of one check.</summary>
public enum Verdict
{
    /// <summary>The mesh did what was expected.</summary>
    Pass,

    /// <summary>The route can express the expected behaviour, but the mesh did something else.</summary>
    Fail,

    /// <summary>The route cannot express the expected behaviour (a known limitation), and the mesh did not show it.</summary>
    Gap,

    /// <summary>The check could not look (gateway unreachable, tries unreadable, ...): never counted as a pass.</summary>
    Error,
}
