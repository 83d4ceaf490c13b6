using System.Reflection;
using Gatehouse.Runtime.Diagnostics;
using Gatehouse.Runtime.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Activation;

/// <summary>
/// Builds grain objects by constructor injection. Parameters marked
/// <see cref="PersistentStateAttribute"/> get an <see cref="IPersistentState{TState}"/> bound to
/// the activation; everything else comes from the service provider. The plan for each class is
/// worked out once and kept as delegates, so activation does no reflection. Each state's storage
/// is counted by <paramref name="storageInstruments"/> when there are any.
/// </summary>
internal sealed class GrainActivator(IServiceProvider services, StorageInstruments? storageInstruments = null)
{
    [ThreadStatic]
    private static ActivationData? t_constructing;

    /// <summary>The activation whose grain constructor is running on this thread, if any.</summary>
    public static ActivationData? Constructing => t_constructing;

    private static readonly MethodInfo CreateStateMethod =
        typeof(GrainActivator).GetMethod(nameof(CreateState), BindingFlags.NonPublic | BindingFlags.Static)!;

    public Grain Create(ActivationData activation)
    {
        var factory = activation.ClassInfo.Factory ??= BuildFactory(activation.ClassInfo.GrainClass);
        var previous = t_constructing;
        t_constructing = activation;
        try
        {
            return factory(activation);
        }
        finally
        {
            t_constructing = previous;
        }
    }

    private Func<ActivationData, Grain> BuildFactory(Type grainClass)
    {
        var constructor = grainClass.GetConstructors()
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {grainClass.FullName} has no public constructor.");

        var parameters = constructor.GetParameters();
        var resolvers = new Func<ActivationData, object?>[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            resolvers[i] = BuildResolver(grainClass, parameters[i]);
        }

        var invoker = ConstructorInvoker.Create(constructor);
        return activation =>
        {
            var arguments = new object?[resolvers.Length];
            for (var i = 0; i < resolvers.Length; i++)
            {
                arguments[i] = resolvers[i](activation);
            }
            return (Grain)invoker.Invoke(arguments.AsSpan());
        };
    }

    private Func<ActivationData, object?> BuildResolver(Type grainClass, ParameterInfo parameter)
    {
        var stateAttribute = parameter.GetCustomAttribute<PersistentStateAttribute>();
        if (stateAttribute is null)
        {
            var type = parameter.ParameterType;
            return _ => services.GetService(type)
                ?? throw new InvalidOperationException($"Grain class {grainClass.FullName} needs a {type.FullName}, which is not registered.");
        }

        var parameterType = parameter.ParameterType;
        if (!parameterType.IsGenericType || parameterType.GetGenericTypeDefinition() != typeof(IPersistentState<>))
        {
            throw new InvalidOperationException(
                $"[PersistentState] on {grainClass.FullName}({parameter.Name}) needs a parameter of type IPersistentState<T>.");
        }
        var storage = services.GetKeyedService<IGrainStorage>(stateAttribute.StorageName)
            ?? throw new InvalidOperationException(
                $"Grain class {grainClass.FullName} uses grain storage '{stateAttribute.StorageName}', which is not registered (see AddSqliteGrainStorage and friends).");
        if (storageInstruments is not null)
        {
            storage = new InstrumentedGrainStorage(storage, storageInstruments);
        }
        var create = CreateStateMethod.MakeGenericMethod(parameterType.GetGenericArguments()[0])
            .CreateDelegate<Func<ActivationData, string, IGrainStorage, object>>();
        var stateName = stateAttribute.StateName;
        return activation => create(activation, stateName, storage);
    }

    private static object CreateState<TState>(ActivationData activation, string stateName, IGrainStorage storage) where TState : new()
    {
        var state = new PersistentState<TState>(activation, stateName, storage);
        (activation.PersistentStates ??= []).Add(state);
        return state;
    }
}
