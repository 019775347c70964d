using System.Globalization;
using Orleans.Analytics.Topology.Alpha;
using Orleans.Analytics.Topology.Delaunay;
using Orleans.Analytics.Topology.Input;
using Orleans.Analytics.Topology.Limits;
using Orleans.Analytics.Topology.Predicates;

namespace Orleans.Analytics.Topology.Tests;

/// <summary>Checks a Delaunay complex against the definition with exact predicates: every cell positively oriented
/// with an empty circumsphere (no input point strictly inside), every interior facet shared by exactly two cells
/// lying on opposite sides of it, every boundary facet on a supporting plane of the cloud, the boundary a closed
/// surface, every distinct point a vertex, and sample points inside exactly one cell. Together these say the
/// cells cover the convex hull exactly once.
/// <para>Emptiness is checked against every point while that takes at most <see cref="GlobalBudget"/> in-sphere
/// tests; above it, across every interior facet (the opposite vertex of each neighbour not strictly inside),
/// which by the Delaunay lemma is equivalent for a triangulation of the convex hull: the lifted surface is then
/// locally convex everywhere, hence convex.</para></summary>
internal static class TriangulationAudit
{
    public const long GlobalBudget = 1_500_000;

    public static DelaunayComplex Triangulate(double[][] points)
    {
        using var budget = new ComputeBudget(300, 4096, default);
        return AlphaEngine.Delaunay(PointCloud.FromRows(points), budget);
    }

    public static void ShouldBeDelaunay(this DelaunayComplex complex, string because)
    {
        var problems = Problems(complex);
        if (problems.Count > 0)
        {
            Assert.Fail($"{because}: {problems.Count} problems, first: {string.Join("; ", problems.Take(6))}");
        }
    }

    public static List<string> Problems(DelaunayComplex complex)
    {
        var problems = new List<string>();
        if (complex.Cells.Count == 0)
        {
            problems.Add("no cells");
            return problems;
        }

        int size = complex.Cells[0].Length;
        if (complex.Cells.Any(c => c.Length != size))
        {
            problems.Add("cells of mixed dimension");
            return problems;
        }

        CheckVertices(complex, problems);
        if (size == 4)
        {
            CheckTetrahedra(complex, problems);
        }
        else if (size == 3)
        {
            CheckTriangles(complex, Planar(complex), problems);
        }
        else
        {
            CheckPath(complex, problems);
        }

        return problems;
    }

    /// <summary>Problems with the adjacency of a triangulation with an infinite vertex (-1): every neighbour is a
    /// live cell that names this cell back, across the same facet (the shared vertices), and every facet has
    /// exactly one neighbour; no cell repeats a vertex.</summary>
    public static List<string> AdjacencyProblems(IEnumerable<(int Id, int[] Vertices, int[] Neighbours)> triangulation)
    {
        var problems = new List<string>();
        var cells = triangulation.ToDictionary(c => c.Id);
        foreach (var (id, vertices, neighbours) in cells.Values)
        {
            if (vertices.Distinct().Count() != vertices.Length)
            {
                problems.Add($"cell {id} ({Show(vertices)}) repeats a vertex");
            }

            for (int k = 0; k < vertices.Length; k++)
            {
                if (!cells.TryGetValue(neighbours[k], out var other))
                {
                    problems.Add($"neighbour {k} of cell {id} is not a live cell");
                    continue;
                }

                var facet = vertices.Where((_, i) => i != k).Order().ToArray();
                int back = Array.IndexOf(other.Neighbours, id);
                if (back < 0)
                {
                    problems.Add($"cell {neighbours[k]} does not name its neighbour {id} back");
                }
                else if (!other.Vertices.Where((_, i) => i != back).Order().SequenceEqual(facet) || other.Vertices.Contains(vertices[k]))
                {
                    problems.Add($"cells {id} and {neighbours[k]} are neighbours across different facets");
                }
            }
        }

        return problems;
    }

    private static void CheckVertices(DelaunayComplex complex, List<string> problems)
    {
        var used = new bool[complex.Count];
        foreach (var cell in complex.Cells)
        {
            if (cell.Distinct().Count() != cell.Length || cell.Any(v => v < 0 || v >= complex.Count))
            {
                problems.Add($"cell {Show(cell)} has repeated or out-of-range vertices");
                continue;
            }

            foreach (int v in cell)
            {
                used[v] = true;
            }
        }

        for (int v = 0; v < used.Length; v++)
        {
            if (!used[v])
            {
                problems.Add($"point {v} is in no cell");
            }
        }
    }

    private static void CheckTetrahedra(DelaunayComplex complex, List<string> problems)
    {
        var p = complex.Points;
        int n = complex.Count;
        ReadOnlySpan<double> P(int i) => p.AsSpan(i * 3, 3);
        int Orient(int a, int b, int c, int d) => GeometricPredicates.Orient3(P(a), P(b), P(c), P(d));

        bool global = (long)n * complex.Cells.Count <= GlobalBudget;
        var faces = new Dictionary<(int, int, int), List<(int Cell, int Opposite)>>();
        for (int c = 0; c < complex.Cells.Count; c++)
        {
            var t = complex.Cells[c];
            if (Orient(t[0], t[1], t[2], t[3]) <= 0)
            {
                problems.Add($"tetrahedron {Show(t)} is not positively oriented");
            }

            for (int q = 0; global && q < n; q++)
            {
                if (Array.IndexOf(t, q) < 0 && GeometricPredicates.InSphere(P(t[0]), P(t[1]), P(t[2]), P(t[3]), P(q)) < 0)
                {
                    problems.Add($"point {q} is strictly inside the circumsphere of {Show(t)}");
                    break;
                }
            }

            for (int k = 0; k < 4; k++)
            {
                var f = t.Where((_, i) => i != k).Order().ToArray();
                var key = (f[0], f[1], f[2]);
                if (!faces.TryGetValue(key, out var list))
                {
                    faces[key] = list = [];
                }

                list.Add((c, t[k]));
            }
        }

        var boundaryEdges = new Dictionary<(int, int), int>();
        foreach (var ((a, b, c), cofaces) in faces)
        {
            if (cofaces.Count > 2)
            {
                problems.Add($"triangle {a} {b} {c} is shared by {cofaces.Count} tetrahedra");
            }
            else if (cofaces.Count == 2)
            {
                if (Orient(a, b, c, cofaces[0].Opposite) * Orient(a, b, c, cofaces[1].Opposite) >= 0)
                {
                    problems.Add($"the tetrahedra on triangle {a} {b} {c} overlap");
                }

                for (int k = 0; k < 2; k++)
                {
                    var t = complex.Cells[cofaces[k].Cell];
                    int q = cofaces[1 - k].Opposite;
                    if (GeometricPredicates.InSphere(P(t[0]), P(t[1]), P(t[2]), P(t[3]), P(q)) < 0)
                    {
                        problems.Add($"point {q} across triangle {a} {b} {c} is strictly inside the circumsphere of {Show(t)}");
                    }
                }
            }
            else
            {
                int inside = Orient(a, b, c, cofaces[0].Opposite);
                for (int q = 0; q < n; q++)
                {
                    if (Orient(a, b, c, q) * inside < 0)
                    {
                        problems.Add($"boundary triangle {a} {b} {c} is not on the hull: point {q} is beyond it");
                        break;
                    }
                }

                foreach (var e in new[] { (a, b), (a, c), (b, c) })
                {
                    boundaryEdges[e] = boundaryEdges.GetValueOrDefault(e) + 1;
                }
            }
        }

        foreach (var (e, count) in boundaryEdges.Where(e => e.Value != 2))
        {
            problems.Add($"boundary edge {e.Item1} {e.Item2} is on {count} boundary triangles");
        }

        // Covering degree at sample points strictly inside a cell: exactly that one cell may contain them.
        var centre = new double[3];
        foreach (int c in Samples(complex.Cells.Count))
        {
            var t = complex.Cells[c];
            for (int k = 0; k < 3; k++)
            {
                centre[k] = (P(t[0])[k] + P(t[1])[k] + P(t[2])[k] + P(t[3])[k]) / 4;
            }

            if (!Contains(P, t, centre, strictly: true))
            {
                continue;
            }

            int containing = 0;
            foreach (var other in complex.Cells)
            {
                containing += Contains(P, other, centre, strictly: false) ? 1 : 0;
            }

            if (containing != 1)
            {
                problems.Add($"the centroid of {Show(t)} is covered by {containing} tetrahedra");
            }
        }
    }

    private delegate ReadOnlySpan<double> Coordinates(int point);

    private static bool Contains(Coordinates p, int[] t, ReadOnlySpan<double> x, bool strictly)
    {
        for (int k = 0; k < 4; k++)
        {
            Span<int> v = [t[0], t[1], t[2], t[3]];
            int o = k switch
            {
                0 => GeometricPredicates.Orient3(x, p(v[1]), p(v[2]), p(v[3])),
                1 => GeometricPredicates.Orient3(p(v[0]), x, p(v[2]), p(v[3])),
                2 => GeometricPredicates.Orient3(p(v[0]), p(v[1]), x, p(v[3])),
                _ => GeometricPredicates.Orient3(p(v[0]), p(v[1]), p(v[2]), x),
            };
            if (o < 0 || (strictly && o == 0))
            {
                return false;
            }
        }

        return true;
    }

    private static IPlanarPredicates Planar(DelaunayComplex complex)
    {
        if (complex.Dimension == 2)
        {
            return new PlanePredicates(complex.Points);
        }

        var t = complex.Cells[0];
        return new EmbeddedPlanePredicates(complex.Points, t[0], t[1], t[2]);
    }

    private static void CheckTriangles(DelaunayComplex complex, IPlanarPredicates g, List<string> problems)
    {
        int n = complex.Count;
        if (complex.Dimension == 3)
        {
            var p = complex.Points;
            var t0 = complex.Cells[0];
            for (int q = 0; q < n; q++)
            {
                if (GeometricPredicates.Orient3(p.AsSpan(t0[0] * 3, 3), p.AsSpan(t0[1] * 3, 3), p.AsSpan(t0[2] * 3, 3), p.AsSpan(q * 3, 3)) != 0)
                {
                    problems.Add($"a planar triangulation of a cloud that is not planar: point {q} is off the plane");
                    return;
                }
            }
        }

        bool global = (long)n * complex.Cells.Count <= GlobalBudget;
        var edges = new Dictionary<(int, int), List<(int Cell, int Opposite)>>();
        for (int cell = 0; cell < complex.Cells.Count; cell++)
        {
            var t = complex.Cells[cell];
            if (g.Orient(t[0], t[1], t[2]) <= 0)
            {
                problems.Add($"triangle {Show(t)} is not counter-clockwise");
            }

            for (int q = 0; global && q < n; q++)
            {
                if (Array.IndexOf(t, q) < 0 && g.InCircle(t[0], t[1], t[2], q) > 0)
                {
                    problems.Add($"point {q} is strictly inside the circumcircle of {Show(t)}");
                    break;
                }
            }

            for (int k = 0; k < 3; k++)
            {
                int a = t[(k + 1) % 3], b = t[(k + 2) % 3];
                var key = a < b ? (a, b) : (b, a);
                if (!edges.TryGetValue(key, out var list))
                {
                    edges[key] = list = [];
                }

                list.Add((cell, t[k]));
            }
        }

        var boundaryVertices = new Dictionary<int, int>();
        foreach (var ((a, b), cofaces) in edges)
        {
            if (cofaces.Count > 2)
            {
                problems.Add($"edge {a} {b} is shared by {cofaces.Count} triangles");
            }
            else if (cofaces.Count == 2)
            {
                if (g.Orient(a, b, cofaces[0].Opposite) * g.Orient(a, b, cofaces[1].Opposite) >= 0)
                {
                    problems.Add($"the triangles on edge {a} {b} overlap");
                }

                for (int k = 0; k < 2; k++)
                {
                    var t = complex.Cells[cofaces[k].Cell];
                    int q = cofaces[1 - k].Opposite;
                    if (g.InCircle(t[0], t[1], t[2], q) > 0)
                    {
                        problems.Add($"point {q} across edge {a} {b} is strictly inside the circumcircle of {Show(t)}");
                    }
                }
            }
            else
            {
                int inside = g.Orient(a, b, cofaces[0].Opposite);
                for (int q = 0; q < n; q++)
                {
                    if (g.Orient(a, b, q) * inside < 0)
                    {
                        problems.Add($"boundary edge {a} {b} is not on the hull: point {q} is beyond it");
                        break;
                    }
                }

                boundaryVertices[a] = boundaryVertices.GetValueOrDefault(a) + 1;
                boundaryVertices[b] = boundaryVertices.GetValueOrDefault(b) + 1;
            }
        }

        foreach (var (v, count) in boundaryVertices.Where(e => e.Value != 2))
        {
            problems.Add($"boundary vertex {v} is on {count} boundary edges");
        }

        foreach (int c in Samples(complex.Cells.Count))
        {
            // Covering degree one near a sample triangle: no other triangle overlaps its interior.
            var t = complex.Cells[c];
            int containing = complex.Cells.Count(other => Overlaps(g, t, other));
            if (containing != 1)
            {
                problems.Add($"the interior of {Show(t)} is covered by {containing} triangles");
            }
        }
    }

    /// <summary>True when the open triangles overlap: they are the same triangle, or some vertex of one is strictly
    /// inside the other, or two edges cross properly (exact orientation tests only).</summary>
    private static bool Overlaps(IPlanarPredicates g, int[] s, int[] t)
    {
        if (s.Order().SequenceEqual(t.Order()))
        {
            return true;
        }

        foreach (int v in t)
        {
            if (Array.IndexOf(s, v) < 0 && g.Orient(s[0], s[1], v) > 0 && g.Orient(s[1], s[2], v) > 0 && g.Orient(s[2], s[0], v) > 0)
            {
                return true;
            }
        }

        foreach (int v in s)
        {
            if (Array.IndexOf(t, v) < 0 && g.Orient(t[0], t[1], v) > 0 && g.Orient(t[1], t[2], v) > 0 && g.Orient(t[2], t[0], v) > 0)
            {
                return true;
            }
        }

        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                int a = s[i], b = s[(i + 1) % 3], c = t[j], d = t[(j + 1) % 3];
                if (a == c || a == d || b == c || b == d)
                {
                    continue;
                }

                if (g.Orient(a, b, c) * g.Orient(a, b, d) < 0 && g.Orient(c, d, a) * g.Orient(c, d, b) < 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void CheckPath(DelaunayComplex complex, List<string> problems)
    {
        int d = complex.Dimension;
        var p = complex.Points;
        var degree = new int[complex.Count];
        foreach (var e in complex.Cells)
        {
            degree[e[0]]++;
            degree[e[1]]++;
            for (int q = 0; q < complex.Count; q++)
            {
                // A point strictly between the ends makes the edge non-Delaunay: (q − a)·(q − b) < 0.
                double dot = 0;
                for (int k = 0; k < d; k++)
                {
                    dot += (p[(q * d) + k] - p[(e[0] * d) + k]) * (p[(q * d) + k] - p[(e[1] * d) + k]);
                }

                if (q != e[0] && q != e[1] && dot < 0)
                {
                    problems.Add($"point {q} lies inside edge {e[0]} {e[1]}");
                    break;
                }
            }
        }

        if (complex.Cells.Count != complex.Count - 1 || degree.Any(x => x > 2))
        {
            problems.Add("the edges of a collinear cloud do not form one path");
        }
    }

    private static IEnumerable<int> Samples(int count) => new[] { 0, count / 3, count / 2, (2 * count) / 3, count - 1 }.Distinct();

    private static string Show(int[] cell) => string.Join(" ", cell.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
