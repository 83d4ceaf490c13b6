namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// The labels of one kind of storage operation, made once per store and operation so that
/// recording one allocates nothing.
/// </summary>
/// <param name="Store">What is stored: <see cref="StorageInstruments.GrainState"/>, <see cref="StorageInstruments.Reminders"/>,
/// <see cref="StorageInstruments.Messages"/>, <see cref="StorageInstruments.Audit"/>.</param>
/// <param name="Provider">The implementation's type name (<c>SqliteGrainStorage</c>, <c>PostgresReminderTable</c>):
/// bounded, free of connection details, and enough to tell SQLite from PostgreSQL.</param>
/// <param name="Operation">What was done: <c>read</c>, <c>write</c>, <c>clear</c>, <c>commit</c>, …</param>
public readonly record struct StorageOperation(string Store, string Provider, string Operation);
