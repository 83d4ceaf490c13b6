namespace Gatehouse.Runtime;

/// <summary>
/// Promises that instances of a type are never mutated after they are created, so in-process
/// calls may pass them by reference instead of copying. Types whose fields are all readonly and
/// of immutable types (such as positional records of strings and numbers) are recognized without
/// this attribute; use it for types the runtime cannot prove immutable.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ImmutableAttribute : Attribute;
