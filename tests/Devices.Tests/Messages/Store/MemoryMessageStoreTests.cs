using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Messages.Memory;

namespace Gatehouse.Devices.Tests.Messages.Store;

public sealed class MemoryMessageStoreTests : MessageStoreContractTests
{
    private readonly MemoryMessageStore _store = new();

    protected override Task<IMessageStore> CreateStoreAsync(MessageOptions options) => Task.FromResult<IMessageStore>(_store);
}
