using Gatehouse.Grains;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Hosting;
using Gatehouse.TestingHost;

namespace Gatehouse.Devices.Tests.Http;

/// <summary>The device type grain's own rules, below the HTTP handlers: its key, who owns and uses it, what a device takes from it.</summary>
public sealed class DeviceTypeGrainTests : IAsyncLifetime
{
    private static readonly Caller Owner = User("type-owner");
    private static readonly Caller Stranger = User("stranger");

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

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("dt0123456789ABCDEF0123456789abcdef")]
    [InlineData("dt0123")]
    public async Task A_type_is_keyed_by_dt_and_32_lowercase_hex_digits(string key)
    {
        var grain = _cluster.GrainFactory.GetGrain<IDeviceTypeGrain>(key);
        await Assert.ThrowsAsync<InvalidRequestException>(() => grain.CreateAsync(Owner, new NewDeviceType("Bad key")));
    }

    [Fact]
    public async Task Devices_and_keys_cannot_own_types_and_bad_fields_change_nothing()
    {
        var grain = _cluster.GrainFactory.GetGrain<IDeviceTypeGrain>("dt" + new string('a', 32));
        var device = new Caller { Kind = PrincipalKind.Device, Id = "some-device", Permissions = RolePermissions.Device };
        await Assert.ThrowsAsync<AccessDeniedException>(() => grain.CreateAsync(device, new NewDeviceType("Mine")));
        await Assert.ThrowsAsync<NotAuthenticatedException>(() => grain.CreateAsync(Caller.Anonymous, new NewDeviceType("Mine")));

        await grain.CreateAsync(Owner, new NewDeviceType("Meter", Fields: [new FieldDefinition("kwh", FieldType.Number)]));
        await Assert.ThrowsAsync<InvalidRequestException>(() => grain.UpdateAsync(Owner, new DeviceTypeUpdate(Name: "Renamed", Fields: [new FieldDefinition("bad name!", FieldType.Number)])));
        var view = await grain.GetAsync(Owner);
        Assert.Equal("Meter", view.Name);
        Assert.Equal(["kwh"], view.Fields.Select(f => f.Name));
        await Assert.ThrowsAsync<AccessDeniedException>(() => grain.UpdateAsync(Stranger, new DeviceTypeUpdate(Name: "Taken")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => grain.UseAsync(Stranger));
    }

    [Fact]
    public async Task A_device_declaring_its_own_fields_keeps_them_and_one_declaring_none_takes_the_types()
    {
        var typeId = "dt" + new string('b', 32);
        await _cluster.GrainFactory.GetGrain<IDeviceTypeGrain>(typeId).CreateAsync(Owner,
            new NewDeviceType("Meter", Fields: [new FieldDefinition("kwh", FieldType.Number, Required: true)]));

        var taking = await _cluster.GrainFactory.GetGrain<IDeviceGrain>(new string('1', 32)).CreateAsync(Owner, new NewDevice("Takes", TypeId: typeId));
        var own = await _cluster.GrainFactory.GetGrain<IDeviceGrain>(new string('2', 32)).CreateAsync(Owner,
            new NewDevice("Own", TypeId: typeId, Fields: [new FieldDefinition("volts", FieldType.Number)]));

        Assert.Equal(["kwh"], taking.Fields.Select(f => f.Name));
        Assert.Equal(["volts"], own.Fields.Select(f => f.Name));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _cluster.GrainFactory.GetGrain<IDeviceGrain>(new string('3', 32)).CreateAsync(Stranger, new NewDevice("Not allowed", TypeId: typeId)));
        Assert.False(await _cluster.GrainFactory.GetGrain<IDeviceGrain>(new string('3', 32)).ExistsAsync(), "A refused device is not half-created.");
    }

    private static Caller User(string id) => new() { Kind = PrincipalKind.User, Id = id, Permissions = RolePermissions.User };
}
