namespace Orleans.Analytics.Topology.Input;

/// <summary>Deterministic farthest-point (maxmin) landmark selection starting from point 0.</summary>
internal static class MaxMinSampler
{
    public static PointCloud Sample(PointCloud cloud, int landmarks, int threads)
    {
        int n = cloud.Count;
        int d = cloud.Dimension;
        var coords = cloud.Coordinates;
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        var chosen = new int[landmarks];
        int current = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        int chunks = Math.Max(1, threads);
        var bestIndex = new int[chunks];
        var bestValue = new double[chunks];
        for (int k = 0; k < landmarks; k++)
        {
            chosen[k] = current;
            int c = current;
            Parallel.For(0, chunks, options, chunk =>
            {
                int from = (int)((long)n * chunk / chunks);
                int to = (int)((long)n * (chunk + 1) / chunks);
                double bv = -1;
                int bi = -1;
                for (int i = from; i < to; i++)
                {
                    double s = 0;
                    for (int j = 0; j < d; j++)
                    {
                        double t = coords[(i * d) + j] - coords[(c * d) + j];
                        s += t * t;
                    }

                    if (s < nearest[i])
                    {
                        nearest[i] = s;
                    }

                    if (nearest[i] > bv)
                    {
                        bv = nearest[i];
                        bi = i;
                    }
                }

                bestIndex[chunk] = bi;
                bestValue[chunk] = bv;
            });
            double best = -1;
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                if (bestValue[chunk] > best)
                {
                    best = bestValue[chunk];
                    current = bestIndex[chunk];
                }
            }
        }

        var flat = new double[landmarks * d];
        for (int k = 0; k < landmarks; k++)
        {
            Array.Copy(coords, chosen[k] * d, flat, k * d, d);
        }

        return new PointCloud(flat, landmarks, d);
    }
}
