namespace EslKit.Controller.Calls;

/// <summary>One answered call as a conversation sees it.</summary>
/// <param name="Session">The outbound session controlling the channel (call control, playback, events).</param>
/// <param name="Identity">Which attempt it is (call id, attempt, tenant, campaign).</param>
/// <param name="Node">The node the call is on, or null when not known here.</param>
/// <param name="Events">
/// The session's PLAYBACK_START/STOP and CUSTOM mod_audio_stream::play/connect/disconnect/error events
/// (requested with <c>event</c>: <c>myevents</c> does not deliver them), or null when the socket is not in full mode.
/// </param>
/// <param name="AudioStreamUrl">The WebSocket URL the call's audio was sent to (<c>ws://…/audio/&lt;call id&gt;</c>).</param>
/// <param name="AudioStreamError">Why <c>uuid_audio_stream … start</c> failed, or null when it was accepted (or not asked for).</param>
internal sealed record CallContext(
    EslOutboundSession Session,
    CallIdentity Identity,
    string? Node,
    EslSubscription<EslEvent>? Events,
    string AudioStreamUrl,
    string? AudioStreamError);
