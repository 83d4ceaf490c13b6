namespace Gatehouse.Grains;

/// <summary>403: the caller is known but not allowed to do this. Grains throw it after checking the caller. Crosses grain calls with its message; gateways map it to their surface's error shape.</summary>
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException(string message) : base(message)
    {
    }

    public AccessDeniedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
