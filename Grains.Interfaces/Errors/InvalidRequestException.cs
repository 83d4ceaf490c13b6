namespace Gatehouse.Grains;

/// <summary>400 Bad Request: the request is malformed or breaks a rule the caller can fix. Crosses grain calls with its message; gateways map it to their surface's error shape.</summary>
public sealed class InvalidRequestException : Exception
{
    public InvalidRequestException(string message) : base(message)
    {
    }

    public InvalidRequestException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
