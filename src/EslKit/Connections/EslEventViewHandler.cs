using EslKit.Protocol;

namespace EslKit;

/// <summary>
/// Receives an event in place, on the connection's read loop, before anything is allocated for it. It
/// must return quickly and must not keep the view (its bytes are reused after the call); copy what it
/// needs, or call <see cref="EslEventView.ToEvent"/>.
/// </summary>
public delegate void EslEventViewHandler(ref EslEventView view);
