using System.Globalization;

namespace Orleans.Analytics.Topology.Benchmarks;

/// <summary>The benchmark point clouds, generated deterministically.</summary>
internal static class Datasets
{
    public static double[][] Circle(int n, double noise, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            double t = 2 * Math.PI * random.NextDouble();
            return new[] { Math.Cos(t) + (noise * Gaussian(random)), Math.Sin(t) + (noise * Gaussian(random)) };
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

    public static double[][] Torus(int n, double major, double minor, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            double u = 2 * Math.PI * random.NextDouble(), v = 2 * Math.PI * random.NextDouble();
            return new[] { (major + (minor * Math.Cos(v))) * Math.Cos(u), (major + (minor * Math.Cos(v))) * Math.Sin(u), minor * Math.Sin(v) };
        }).ToArray();
    }

    public static double[][] Cube(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() }).ToArray();
    }

    public static void Write(string path, double[][] points, string separator) =>
        File.WriteAllLines(path, points.Select(p => string.Join(separator, p.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
