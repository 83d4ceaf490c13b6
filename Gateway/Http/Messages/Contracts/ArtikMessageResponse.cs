namespace Gatehouse.Gateway.Http.Messages.Contracts;

/// <summary>ARTIK's answer: <c>{"data":{"mid":"7d005bba074e4afab21d56e49f5301bd"}}</c>.</summary>
public sealed record ArtikMessageResponse(ArtikMessageId Data);
