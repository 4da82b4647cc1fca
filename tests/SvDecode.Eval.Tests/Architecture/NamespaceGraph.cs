using ArchUnitNET.Domain;

namespace SvDecode.Eval.Tests.Architecture;

/// <summary>
/// Dependencies between the top-level namespaces (SvDecode.Eval.X, the root counted as one) of a set of types, and a
/// cycle among them if there is one. ArchUnitNET's slice rule sees whole assemblies; this one sees only the given
/// types, so a layer's own namespaces can be held acyclic while the layers above are still being untangled.
/// </summary>
internal static class NamespaceGraph
{
    private const string Root = "SvDecode.Eval";

    public static string Slice(string ns) =>
        ns == Root || !ns.StartsWith(Root + ".", StringComparison.Ordinal) ? ns : Root + "." + ns[(Root.Length + 1)..].Split('.')[0];

    /// <summary>slice → the slices its types use, among the slices of <paramref name="types"/>.</summary>
    public static Dictionary<string, SortedSet<string>> Edges(IEnumerable<IType> types)
    {
        var list = types.ToList();
        var slices = list.Select(t => Slice(t.Namespace.FullName)).ToHashSet(StringComparer.Ordinal);
        var edges = slices.ToDictionary(s => s, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var type in list)
        {
            var from = Slice(type.Namespace.FullName);
            foreach (var dependency in type.Dependencies)
            {
                if (dependency.Target?.Namespace?.FullName is not { } target)
                {
                    continue; // a generic parameter: no namespace of its own
                }
                var to = Slice(target);
                if (to != from && slices.Contains(to))
                {
                    edges[from].Add(to);
                }
            }
        }
        return edges;
    }

    /// <summary>One cycle as a path that returns to its start (a → b → a), or null when the graph is acyclic.</summary>
    public static IReadOnlyList<string>? FindCycle(IEnumerable<IType> types)
    {
        var edges = Edges(types);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var path = new List<string>();
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }
        return null;

        IReadOnlyList<string>? Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 2)
            {
                return null;
            }
            if (state.GetValueOrDefault(node) == 1)
            {
                return [.. path.Skip(path.IndexOf(node)), node];
            }
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges[node])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }
}
