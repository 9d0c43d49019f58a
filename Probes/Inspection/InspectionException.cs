namespace AmbientVerify.Probes.Inspection;

/// <summary>
/// The inspector could not look (no admin endpoint given, an admin endpoint unreachable or answering nonsense).
/// Checks turn it into verdict error: what could not be seen is never a pass.
/// </summary>
public sealed class InspectionException(string message, Exception? inner = null) : Exception(message, inner);
