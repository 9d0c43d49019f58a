namespace AmbientVerify.Manifests;

/// <summary>
/// A manifest could not be read. The message always names the file (and line where known), what was wrong
/// and what was expected, so a user can fix their rendered chart without reading our code.
/// </summary>
public sealed class ManifestException(string message, Exception? inner = null) : Exception(message, inner);
