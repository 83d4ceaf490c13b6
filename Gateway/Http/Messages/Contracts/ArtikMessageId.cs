namespace Gatehouse.Gateway.Http.Messages.Contracts;

/// <summary>The member of ARTIK's answer that holds the message id.</summary>
public sealed record ArtikMessageId(string Mid);
