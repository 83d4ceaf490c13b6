namespace Gatehouse.Grains;

/// <summary>409: the request conflicts with current state (a taken username, a duplicate registration). Crosses grain calls with its message; gateways map it to their surface's error shape.</summary>
public sealed class ResourceConflictException : Exception
{
    public ResourceConflictException(string message) : base(message)
    {
    }

    public ResourceConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
