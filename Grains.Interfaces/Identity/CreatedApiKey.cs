namespace Gatehouse.Grains.Identity;

/// <summary>A new key and its secret, shown once. <see cref="Key"/> is <c>id.secret</c>, for Bearer or <c>access_token</c>.</summary>
public sealed record CreatedApiKey(ApiKeyView View, string Secret)
{
    public string Key => $"{View.Id}.{Secret}";
}
