namespace AmbientVerify.Probes.Expectations;

/// <summary>
/// An expectations file (<c>--expectations FILE</c>), read and checked: defaults over the plan's values, then one
/// entry per route override, the first that matches a route winning. See <see cref="ExpectationsFileReader"/> for the
/// format; which route gets which entry is <see cref="RouteExpectationsResolver"/>'s job.
/// </summary>
/// <param name="Path">The file as the user named it, as messages name it.</param>
/// <param name="DefaultsSource">"file:line" of the <c>defaults</c> block; null when the file has none.</param>
public sealed record ExpectationsFile(string Path, ExpectationValues Defaults, string? DefaultsSource, IReadOnlyList<RouteExpectationEntry> Routes);

/// <summary>One <c>routes</c> entry: which routes, and what they are expected to do (or that the matrix skips them).</summary>
/// <param name="Field">"routes[2]": the entry's place in the file, for messages.</param>
/// <param name="Source">"file:line" of the entry: how reports say where a route's expectations came from.</param>
/// <param name="SkipMatrix"><c>expect: none</c>: the route gets no behaviour matrix, only a result saying so.</param>
public sealed record RouteExpectationEntry(RouteSelector Match, ExpectationValues Values, bool SkipMatrix, string Field, string Source);
