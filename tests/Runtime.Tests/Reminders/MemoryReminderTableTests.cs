using Gatehouse.Runtime.Reminders;
using Gatehouse.Runtime.Reminders.Memory;

namespace Gatehouse.Runtime.Tests.Reminders;

public sealed class MemoryReminderTableTests : ReminderTableContractTests
{
    // An in-memory table is its own world; a new instance is as isolated as another service id.
    protected override Task<IReminderTable> CreateTableAsync(string serviceId) => Task.FromResult<IReminderTable>(new MemoryReminderTable());
}
