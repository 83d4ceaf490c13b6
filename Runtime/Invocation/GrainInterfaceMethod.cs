using System.Linq.Expressions;
using System.Reflection;

namespace Gatehouse.Runtime.Invocation;

/// <summary>
/// One method of a grain interface, analysed once: how to call it on a grain object (a compiled
/// delegate, no reflection per call), how its result is typed, and whether it may interleave.
/// </summary>
internal sealed class GrainInterfaceMethod
{
    private static readonly MethodInfo CreateRequestMethod =
        typeof(GrainInterfaceMethod).GetMethod(nameof(CreateRequest), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<GrainInterfaceMethod, GrainId, object?[], SiloRuntime, GrainCallRequest> _requestFactory;

    public GrainInterfaceMethod(MethodInfo method)
    {
        Method = method;
        if (method.IsGenericMethodDefinition)
        {
            throw new NotSupportedException($"Grain method {Describe(method)} is generic; grain methods cannot be generic.");
        }
        var returnType = method.ReturnType;
        (Kind, ResultType) = returnType switch
        {
            _ when returnType == typeof(Task) => (ReturnKind.Task, null),
            _ when returnType == typeof(ValueTask) => (ReturnKind.ValueTask, null),
            { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(Task<>) => (ReturnKind.TaskOfT, returnType.GetGenericArguments()[0]),
            { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(ValueTask<>) => (ReturnKind.ValueTaskOfT, returnType.GetGenericArguments()[0]),
            _ => throw new NotSupportedException(
                $"Grain method {Describe(method)} returns {returnType.Name}; grain methods return Task, Task<T>, ValueTask or ValueTask<T>."),
        };
        ParameterTypes = method.GetParameters().Select(p => p.ParameterType).ToArray();
        if (method.GetParameters().Any(p => p.ParameterType.IsByRef))
        {
            throw new NotSupportedException($"Grain method {Describe(method)} has a ref or out parameter.");
        }
        IsReadOnly = method.GetCustomAttribute<ReadOnlyAttribute>() is not null;
        AlwaysInterleave = method.GetCustomAttribute<AlwaysInterleaveAttribute>() is not null;
        Invoker = CompileInvoker(method, Kind);
        _requestFactory = CreateRequestMethod.MakeGenericMethod(ResultType ?? typeof(object))
            .CreateDelegate<Func<GrainInterfaceMethod, GrainId, object?[], SiloRuntime, GrainCallRequest>>();
        DisplayName = Describe(method);
    }

    public MethodInfo Method { get; }

    public string DisplayName { get; }

    public ReturnKind Kind { get; }

    /// <summary>The T of Task&lt;T&gt;/ValueTask&lt;T&gt;; null for Task and ValueTask.</summary>
    public Type? ResultType { get; }

    public Type[] ParameterTypes { get; }

    public bool IsReadOnly { get; }

    public bool AlwaysInterleave { get; }

    /// <summary>Calls the method on a grain (or observer) object and returns its task.</summary>
    public Func<object, object?[], Task> Invoker { get; }

    public GrainCallRequest NewRequest(GrainId target, object?[] arguments, SiloRuntime runtime) =>
        _requestFactory(this, target, arguments, runtime);

    private static GrainCallRequest CreateRequest<TResult>(GrainInterfaceMethod method, GrainId target, object?[] arguments, SiloRuntime runtime) =>
        new GrainCallRequest<TResult>(method, target, arguments, runtime);

    private static Func<object, object?[], Task> CompileInvoker(MethodInfo method, ReturnKind kind)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var parameters = method.GetParameters();
        var callArguments = new Expression[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            callArguments[i] = Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), parameters[i].ParameterType);
        }
        Expression call = Expression.Call(Expression.Convert(target, method.DeclaringType!), method, callArguments);
        if (kind is ReturnKind.ValueTask or ReturnKind.ValueTaskOfT)
        {
            call = Expression.Call(call, method.ReturnType.GetMethod(nameof(ValueTask.AsTask))!);
        }
        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), target, arguments).Compile();
    }

    private static string Describe(MethodInfo method) => $"{method.DeclaringType?.Name}.{method.Name}";
}
