namespace Orleans.Analytics.TestInfrastructure;

/// <summary>Reads what a <see cref="RecordingConsumerGrain"/> applied.</summary>
public interface IRecordingConsumerGrain : IGrainWithStringKey
{
    Task<RecordingState> GetStateAsync();
}
