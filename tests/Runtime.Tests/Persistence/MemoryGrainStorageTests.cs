using Gatehouse.Runtime.Persistence;
using Gatehouse.Runtime.Persistence.Memory;

namespace Gatehouse.Runtime.Tests.Persistence;

public sealed class MemoryGrainStorageTests : GrainStorageContractTests
{
    protected override Task<IGrainStorage> CreateStorageAsync(string serviceId) => Task.FromResult<IGrainStorage>(new MemoryGrainStorage());

    // The in-memory store lives in its instance; a second "silo" in the same process shares it.
    protected override Task<IGrainStorage> CreatePeerStorageAsync() => Task.FromResult(Storage);

    [Fact]
    public async Task Returned_data_is_a_copy_that_cannot_change_the_stored_state()
    {
        var written = Bytes("one");
        await Storage.WriteAsync(StateName, Grain, written, null);
        written[0] = (byte)'X';

        var read = (await Storage.ReadAsync(StateName, Grain))!.Data!;
        read[1] = (byte)'X';

        Assert.Equal("one", Text((await Storage.ReadAsync(StateName, Grain))!.Data));
    }
}
