namespace Gatehouse.Gateway.Http.Endpoints;

/// <summary>415: the body is not in a content type the endpoint reads.</summary>
public sealed class UnsupportedMediaTypeException(string message) : Exception(message);
