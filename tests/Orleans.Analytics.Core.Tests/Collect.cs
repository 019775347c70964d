using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests;

/// <summary>Helpers that drive an operator and return what it emitted.</summary>
internal static class Collect
{
    public static List<WindowEmission<TKey, TResult>> Advance<TKey, TInput, TAcc, TResult>(
        this IKeyedWindowOperator<TKey, TInput, TAcc, TResult> op, long watermark)
        where TKey : notnull
    {
        var output = new List<WindowEmission<TKey, TResult>>();
        op.AdvanceWatermark(watermark, output);
        return output;
    }
}
