namespace Gatehouse.Grains;

/// <summary>404: the resource does not exist, or the caller may not know that it exists. Crosses grain calls with its message; gateways map it to their surface's error shape.</summary>
public sealed class ResourceNotFoundException : Exception
{
    public ResourceNotFoundException(string message) : base(message)
    {
    }

    public ResourceNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
