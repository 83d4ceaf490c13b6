namespace Gatehouse.Gateway.Realtime;

/// <summary>What reading one client message gave: text, or why there is none.</summary>
internal readonly record struct InboundFrame(InboundFrameKind Kind, string? Text = null);
