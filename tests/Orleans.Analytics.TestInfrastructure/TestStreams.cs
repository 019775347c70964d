namespace Orleans.Analytics.TestInfrastructure;

/// <summary>Names shared by test silos and tests.</summary>
public static class TestStreams
{
    public const string Provider = "kafka";

    /// <summary>The stream namespace the recording consumers subscribe to.</summary>
    public const string Records = "test-records";
}
