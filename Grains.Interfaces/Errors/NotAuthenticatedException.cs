namespace Gatehouse.Grains;

/// <summary>401: the call needs an authenticated caller, and this one is anonymous or its credential failed. Crosses grain calls with its message; gateways map it to their surface's error shape.</summary>
public sealed class NotAuthenticatedException : Exception
{
    public NotAuthenticatedException(string message) : base(message)
    {
    }

    public NotAuthenticatedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
