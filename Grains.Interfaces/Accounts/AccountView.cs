using System.Collections.Immutable;

namespace Gatehouse.Grains.Accounts;

public sealed record AccountView(string Id, string Name, string AdministratorId, ImmutableArray<string> OperatorIds, ImmutableArray<string> ApplicationIds, DateTimeOffset CreatedAt);
