using System.Globalization;

namespace Orleans.Analytics.Topology;

/// <summary>Reads point clouds from text: one point per line, coordinates separated by commas; blank lines and
/// lines starting with <c>#</c> are ignored.</summary>
public static class PointCloudCsv
{
    /// <summary>Reads all points of a file.</summary>
    /// <exception cref="PointCloudException">A value is not a finite number or the lines differ in dimension.</exception>
    public static IReadOnlyList<double[]> ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return Read(reader);
    }

    /// <summary>Reads all points from <paramref name="reader"/>.</summary>
    /// <exception cref="PointCloudException">A value is not a finite number or the lines differ in dimension.</exception>
    public static IReadOnlyList<double[]> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var points = new List<double[]>();
        int dimension = -1;
        int firstLine = 0;
        int lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var text = line.AsSpan().Trim();
            if (text.IsEmpty || text[0] == '#')
            {
                continue;
            }

            var point = ParseLine(text, lineNumber);
            if (dimension < 0)
            {
                dimension = point.Length;
                firstLine = lineNumber;
            }
            else if (point.Length != dimension)
            {
                throw new PointCloudException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Mixed dimensions: line {lineNumber} has {point.Length} coordinates but line {firstLine} has {dimension}."));
            }

            points.Add(point);
        }

        return points;
    }

    private static double[] ParseLine(ReadOnlySpan<char> text, int lineNumber)
    {
        int count = 1;
        foreach (char c in text)
        {
            if (c == ',')
            {
                count++;
            }
        }

        var point = new double[count];
        int k = 0;
        foreach (var range in text.Split(','))
        {
            var token = text[range].Trim();
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                throw new PointCloudException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Line {lineNumber}, coordinate {k}: '{token}' is not a number."));
            }

            if (!double.IsFinite(value))
            {
                throw new PointCloudException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Line {lineNumber}, coordinate {k}: '{token}' is not a finite number."));
            }

            point[k++] = value;
        }

        return point;
    }
}
