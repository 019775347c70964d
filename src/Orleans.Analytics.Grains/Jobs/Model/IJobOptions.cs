namespace Orleans.Analytics.Jobs;

/// <summary>Options of a job that can say what is wrong with them; start-up stops with every problem, each naming its key.</summary>
public interface IJobOptions
{
    /// <summary>The problems of these options, each naming its key under <paramref name="section"/> (e.g. <c>Jobs:Orders:WindowSize</c>).</summary>
    IEnumerable<string> Validate(string section);
}
