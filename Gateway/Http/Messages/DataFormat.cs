namespace Gatehouse.Gateway.Http.Messages;

/// <summary>How a data endpoint answers: JSON (the default) or CSV for analysis tools.</summary>
public enum DataFormat
{
    Json,
    Csv,
}
