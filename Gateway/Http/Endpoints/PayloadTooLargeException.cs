namespace Gatehouse.Gateway.Http.Endpoints;

/// <summary>413: the body is larger than the endpoint reads.</summary>
public sealed class PayloadTooLargeException(string message) : Exception(message);
