using System.Globalization;

namespace Orleans.Analytics.Topology.Input;

/// <summary>A validated point cloud stored row-major in one flat array.</summary>
internal sealed class PointCloud
{
    public PointCloud(double[] coordinates, int count, int dimension)
    {
        Coordinates = coordinates;
        Count = count;
        Dimension = dimension;
    }

    public double[] Coordinates { get; }

    public int Count { get; }

    public int Dimension { get; }

    public ReadOnlySpan<double> Point(int i) => Coordinates.AsSpan(i * Dimension, Dimension);

    public static PointCloud FromRows(IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            throw new PointCloudException("The point cloud is empty; at least 3 points are required.");
        }

        var first = points[0] ?? throw new PointCloudException("Point 0 is null.");
        int dimension = first.Length;
        if (dimension == 0)
        {
            throw new PointCloudException("Point 0 has no coordinates.");
        }

        var flat = new double[points.Count * dimension];
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i] ?? throw new PointCloudException($"Point {i} is null.");
            if (p.Length != dimension)
            {
                throw new PointCloudException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Mixed dimensions: point {i} has {p.Length} coordinates but point 0 has {dimension}."));
            }

            p.CopyTo(flat, i * dimension);
        }

        return Validate(flat, points.Count, dimension);
    }

    public static PointCloud FromFlat(ReadOnlySpan<double> coordinates, int dimension)
    {
        if (dimension <= 0)
        {
            throw new PointCloudException($"The dimension must be positive, got {dimension}.");
        }

        if (coordinates.Length % dimension != 0)
        {
            throw new PointCloudException(string.Create(
                CultureInfo.InvariantCulture,
                $"Mixed dimensions: {coordinates.Length} coordinates do not split into points of dimension {dimension}."));
        }

        return Validate(coordinates.ToArray(), coordinates.Length / dimension, dimension);
    }

    private static PointCloud Validate(double[] flat, int count, int dimension)
    {
        if (count < 3)
        {
            throw new PointCloudException(string.Create(
                CultureInfo.InvariantCulture,
                $"Too few points: {count} given, at least 3 are required."));
        }

        for (int i = 0; i < flat.Length; i++)
        {
            if (!double.IsFinite(flat[i]))
            {
                throw new PointCloudException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Point {i / dimension} has a non-finite coordinate {i % dimension} ({flat[i]})."));
            }
        }

        return new PointCloud(flat, count, dimension);
    }
}
