namespace Orleans.Analytics.Topology.Tests;

/// <summary>Deterministic point clouds for oracle and property tests.</summary>
internal static class Clouds
{
    public static double[][] Circle(int n, double radius = 1.0) =>
        Enumerable.Range(0, n).Select(i =>
        {
            double t = 2 * Math.PI * i / n;
            return new[] { radius * Math.Cos(t), radius * Math.Sin(t) };
        }).ToArray();

    public static double[][] NoisyCircle(int n, double noise, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            double t = 2 * Math.PI * random.NextDouble();
            return new[] { Math.Cos(t) + (noise * Gaussian(random)), Math.Sin(t) + (noise * Gaussian(random)) };
        }).ToArray();
    }

    public static double[][] Torus(int n, double major, double minor, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            double u = 2 * Math.PI * random.NextDouble();
            double v = 2 * Math.PI * random.NextDouble();
            return new[] { (major + (minor * Math.Cos(v))) * Math.Cos(u), (major + (minor * Math.Cos(v))) * Math.Sin(u), minor * Math.Sin(v) };
        }).ToArray();
    }

    public static double[][] Sphere(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            double x = Gaussian(random), y = Gaussian(random), z = Gaussian(random);
            double r = Math.Sqrt((x * x) + (y * y) + (z * z));
            return new[] { x / r, y / r, z / r };
        }).ToArray();
    }

    /// <summary>Points on concentric spheres (Gaussian directions normalised, then scaled): each shell is
    /// co-spherical up to rounding.</summary>
    public static double[][] ConcentricSpheres(int perSphere, int seed, params double[] radii)
    {
        var random = new Random(seed);
        var points = new List<double[]>();
        foreach (double radius in radii)
        {
            for (int i = 0; i < perSphere; i++)
            {
                double x = Gaussian(random), y = Gaussian(random), z = Gaussian(random);
                double r = Math.Sqrt((x * x) + (y * y) + (z * z));
                points.Add([radius * x / r, radius * y / r, radius * z / r]);
            }
        }

        return points.ToArray();
    }

    /// <summary>A golden-angle spiral on the unit sphere: evenly spread, co-spherical up to rounding, with many
    /// near-regular (nearly co-spherical in small groups) configurations.</summary>
    public static double[][] FibonacciSphere(int n)
    {
        double golden = Math.PI * (3 - Math.Sqrt(5));
        return Enumerable.Range(0, n).Select(i =>
        {
            double z = 1 - (2.0 * (i + 0.5) / n), r = Math.Sqrt(1 - (z * z)), t = golden * i;
            return new[] { r * Math.Cos(t), r * Math.Sin(t), z };
        }).ToArray();
    }

    /// <summary>A uniform cloud with an exactly planar grid and an exactly collinear row inside it.</summary>
    public static double[][] CubeWithPlanarGrid(int n, int grid, int seed)
    {
        var points = UniformCube(n, 3, seed).ToList();
        for (int i = 0; i < grid; i++)
        {
            for (int j = 0; j < grid; j++)
            {
                points.Add([(i + 0.5) / grid, (j + 0.5) / grid, 0.5]);
            }

            points.Add([0.25, 0.125, (i + 0.5) / grid]);
        }

        return points.ToArray();
    }

    /// <summary>Points on a k×k×k grid with each point repeated <paramref name="copies"/> times, in scrambled order.</summary>
    public static double[][] GridWithDuplicates(int k, int copies, int seed)
    {
        var points = CubeGrid(k).SelectMany(p => Enumerable.Range(0, copies).Select(_ => (double[])p.Clone())).ToArray();
        new Random(seed).Shuffle(points);
        return points;
    }

    /// <summary>An integer grid: many co-spherical and co-planar subsets.</summary>
    public static double[][] CubeGrid(int k, double spacing = 1.0)
    {
        var points = new List<double[]>();
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                for (int l = 0; l < k; l++)
                {
                    points.Add([i * spacing, j * spacing, l * spacing]);
                }
            }
        }

        return points.ToArray();
    }

    public static double[][] SquareGrid(int k, double spacing = 1.0)
    {
        var points = new List<double[]>();
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                points.Add([i * spacing, j * spacing]);
            }
        }

        return points.ToArray();
    }

    /// <summary>Integer points on spheres x² + y² + z² = r² for the given r²: exactly co-spherical sets.</summary>
    public static double[][] LatticeSpheres(params int[] squaredRadii)
    {
        var points = new List<double[]>();
        foreach (int r2 in squaredRadii)
        {
            int r = (int)Math.Ceiling(Math.Sqrt(r2));
            for (int x = -r; x <= r; x++)
            {
                for (int y = -r; y <= r; y++)
                {
                    for (int z = -r; z <= r; z++)
                    {
                        if ((x * x) + (y * y) + (z * z) == r2)
                        {
                            points.Add([x, y, z]);
                        }
                    }
                }
            }
        }

        return points.ToArray();
    }

    /// <summary>Integer points on circles x² + y² = r²: exactly co-circular sets.</summary>
    public static double[][] LatticeCircles(params int[] squaredRadii) =>
        LatticeSpheres(squaredRadii).Where(p => p[2] == 0).Select(p => new[] { p[0], p[1] }).ToArray();

    public static double[][] FigureEight(int n, double noise, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i =>
        {
            double t = 2 * Math.PI * random.NextDouble();
            double cx = i % 2 == 0 ? -1 : 1;
            return new[] { cx + Math.Cos(t) + (noise * Gaussian(random)), Math.Sin(t) + (noise * Gaussian(random)) };
        }).ToArray();
    }

    public static double[][] UniformCube(int n, int dimension, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, dimension).Select(_ => random.NextDouble()).ToArray()).ToArray();
    }

    public static double[][] WithDuplicates(double[][] points, int every) =>
        points.SelectMany((p, i) => i % every == 0 ? new[] { p, (double[])p.Clone() } : new[] { p }).ToArray();

    public static double[][] Collinear(int n, int dimension, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            double t = random.Next(0, 1000) / 64.0;
            return dimension == 2 ? new[] { t, 2 * t } : new[] { t, 2 * t, -t };
        }).Distinct(new PointComparer()).ToArray();
    }

    public static double[][] Coplanar(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            double a = random.Next(0, 256) / 32.0, b = random.Next(0, 256) / 32.0;
            return new[] { a, b, a + b };
        }).Distinct(new PointComparer()).ToArray();
    }

    public static double[][] Transform(double[][] points, double angle, double[] shift)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return points.Select(p =>
        {
            var q = (double[])p.Clone();
            q[0] = (c * p[0]) - (s * p[1]);
            q[1] = (s * p[0]) + (c * p[1]);
            for (int i = 0; i < q.Length; i++)
            {
                q[i] += shift[i];
            }

            return q;
        }).ToArray();
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private sealed class PointComparer : IEqualityComparer<double[]>
    {
        public bool Equals(double[]? x, double[]? y) => x!.AsSpan().SequenceEqual(y);

        public int GetHashCode(double[] obj) => HashCode.Combine(obj[0], obj[^1]);
    }
}
