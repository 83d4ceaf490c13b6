using System.Collections.Immutable;
using Gatehouse.Grains;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Hosting;
using Gatehouse.TestingHost;

namespace Gatehouse.Devices.Tests.Messages;

/// <summary>The device grain's data path on an in-process cluster: who may publish and read, field typing, and what the store gets.</summary>
public sealed class PublishingGrainTests : IAsyncLifetime
{
    private static readonly Caller Admin = new() { Kind = PrincipalKind.User, Id = "admin-user", IsSystemAdmin = true };

    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = new TestClusterBuilder()
            .ConfigureSilo(s => s.AddGrainsFromAssembly(GrainsAssembly.Assembly))
            .ConfigureServices(s => s.AddGatehouseIdentity(null))
            .Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Published_messages_are_read_back_in_time_order_with_latest_values_and_aggregates()
    {
        var device = await CreateDeviceAsync(fields: [new FieldDefinition("temp", FieldType.Number, Required: true)]);
        var self = DeviceCaller(device);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await device.PublishAsync(self, new NewMessage("""{"temp":20.5,"on":true}""", start.AddSeconds(30)));
        await device.PublishAsync(self, new NewMessage("""{"temp":22.5,"note":"x"}""", start.AddSeconds(90)));
        await device.PublishAsync(self, new NewMessage("""{"temp":21}""", start.AddSeconds(10)));

        var page = await device.ReadMessagesAsync(self, new MessageRange { Limit = 2 });
        Assert.Equal([start.AddSeconds(10), start.AddSeconds(30)], page.Messages.Select(m => m.Timestamp));
        Assert.NotNull(page.NextCursor);
        var rest = await device.ReadMessagesAsync(self, new MessageRange { Limit = 2, Cursor = page.NextCursor });
        Assert.Equal([start.AddSeconds(90)], rest.Messages.Select(m => m.Timestamp));
        Assert.Null(rest.NextCursor);

        var latest = (await device.GetLatestValuesAsync(self)).ToDictionary(v => v.Field);
        Assert.Equal(22.5, latest["temp"].Number);
        Assert.Equal(true, latest["on"].Boolean);
        Assert.Equal("x", latest["note"].Text);

        var buckets = await device.GetSeriesAsync(self, new SeriesQuery(start, start.AddMinutes(2), TimeSpan.FromMinutes(1), ["temp"]));
        Assert.Equal(2, buckets.Length);
        Assert.Equal((start, 2L, 20.5, 21.0, 20.75), (buckets[0].Start, buckets[0].Count, buckets[0].Min!.Value, buckets[0].Max!.Value, buckets[0].Avg!.Value));
        Assert.Equal((start.AddMinutes(1), 1L, 22.5), (buckets[1].Start, buckets[1].Count, buckets[1].Avg!.Value));
    }

    [Theory]
    [InlineData("""{"temp":"warm"}""", "Field 'temp' is a NUMBER, but the message has a string.")]
    [InlineData("""{"other":1}""", "Field 'temp' is required.")]
    [InlineData("""[1,2]""", "This device has typed fields, so its data must be a JSON object, not an array.")]
    [InlineData("""{"temp":""", "A message's data must be JSON")]
    public async Task A_message_that_breaks_the_field_types_is_refused_and_nothing_is_stored(string payload, string expected)
    {
        var device = await CreateDeviceAsync(fields: [new FieldDefinition("temp", FieldType.Number, Required: true)]);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => device.PublishAsync(DeviceCaller(device), new NewMessage(payload)));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty((await device.ReadMessagesAsync(Admin, new MessageRange())).Messages);
    }

    [Fact]
    public async Task Another_user_may_neither_publish_nor_read_a_private_device()
    {
        var device = await CreateDeviceAsync();
        var stranger = new Caller { Kind = PrincipalKind.User, Id = "stranger", Permissions = RolePermissions.User };

        await Assert.ThrowsAsync<AccessDeniedException>(() => device.PublishAsync(stranger, new NewMessage("{}")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => device.ReadMessagesAsync(stranger, new MessageRange()));
        await Assert.ThrowsAsync<NotAuthenticatedException>(() => device.GetLatestValuesAsync(Caller.Anonymous));
    }

    private async Task<IDeviceGrain> CreateDeviceAsync(ImmutableArray<FieldDefinition> fields = default)
    {
        var device = _cluster.GrainFactory.GetGrain<IDeviceGrain>(Guid.NewGuid().ToString("N"));
        await device.CreateAsync(Admin, new NewDevice("Thermometer", Fields: fields));
        return device;
    }

    private static Caller DeviceCaller(IDeviceGrain device) => new()
    {
        Kind = PrincipalKind.Device,
        Id = device.GetGrainId().Key,
        Permissions = RolePermissions.Device,
    };
}
