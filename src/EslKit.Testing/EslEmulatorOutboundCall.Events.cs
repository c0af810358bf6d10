using System.Globalization;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

/// <summary>How the channel describes itself in events (switch_channel_event_set_data) and fires them.</summary>
public sealed partial class EslEmulatorOutboundCall
{
    // switch_channel_event_set_extended_data: the event types that carry the channel's variables.
    private static readonly HashSet<string> ExtendedEvents = new(StringComparer.Ordinal)
    {
        "CHANNEL_CREATE", "CHANNEL_ORIGINATE", "CHANNEL_UUID", "CHANNEL_ANSWER", "CHANNEL_PARK", "CHANNEL_UNPARK",
        "CHANNEL_BRIDGE", "CHANNEL_UNBRIDGE", "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA", "CHANNEL_HANGUP",
        "CHANNEL_HANGUP_COMPLETE", "REQUEST_PARAMS", "CHANNEL_DATA", "CHANNEL_EXECUTE", "CHANNEL_EXECUTE_COMPLETE",
        "CHANNEL_DESTROY", "SESSION_HEARTBEAT", "API", "RECORD_START", "RECORD_STOP", "PLAYBACK_START", "PLAYBACK_STOP",
        "CALL_UPDATE", "MEDIA_BUG_START", "MEDIA_BUG_STOP", "CHANNEL_HOLD", "CHANNEL_UNHOLD", "TEXT", "CUSTOM",
    };

    /// <summary>The standard headers, <paramref name="before"/>'s headers, then the channel data. Under the fire lock.</summary>
    private EslEmulatorEvent BuildEvent(string name, string? subclass, Action<EslEmulatorEvent>? before)
    {
        var ev = _emulator.CreateEvent(name, subclass);
        before?.Invoke(ev);
        AppendChannelData(ev, ExtendedEvents.Contains(ev.Name));
        return ev;
    }

    /// <summary>A queued sendmsg after it ran (switch_ivr_parse_next_event re-fires it, with the basic channel data).</summary>
    private EslEmulatorEvent BuildPrivateCommand(EslReceivedCommand message)
    {
        var ev = new EslEmulatorEvent("PRIVATE_COMMAND");
        ev.AddUnchecked(EslEmulatorHeader.CreateUnchecked("Command", message.Command, null));
        foreach (var (name, value) in message.Headers)
        {
            ev.AddUnchecked(EslEmulatorHeader.CreateUnchecked(name, value, null));
        }

        _emulator.Stamp(ev, "PRIVATE_COMMAND", "switch_ivr.c", "switch_ivr_parse_next_event", 1091);
        AppendChannelData(ev, extended: false);
        return ev;
    }

    /// <summary>switch_channel_event_set_basic_data (+ the Caller- profile) and, for some types, the variables.</summary>
    private void AppendChannelData(EslEmulatorEvent ev, bool extended)
    {
        string? cause = Volatile.Read(ref _hangupCause);
        foreach (var (name, fixedValue) in _layout.Basic)
        {
            string value = fixedValue ?? name switch
            {
                "Channel-State" => Channel.State,
                "Channel-Call-State" => Channel.CallState,
                "Channel-State-Number" => _stateNumber.ToString(CultureInfo.InvariantCulture),
                "Channel-Name" => Channel.Name,
                "Unique-ID" or "Channel-Call-UUID" => Channel.Id,
                "Call-Direction" or "Presence-Call-Direction" => Channel.Direction,
                "Answer-State" => Channel.AnswerState,
                _ => string.Empty,
            };
            ev.AddHeader(name, value);
            if (name == "Answer-State" && cause is not null)
            {
                ev.AddHeader("Hangup-Cause", cause);
            }
        }

        AppendProfile(ev, "Caller-");
        if (extended)
        {
            foreach (var (name, value) in Channel.Variables)
            {
                ev.AddHeader("variable_" + name, value);
            }
        }
    }

    /// <summary>switch_caller_profile_event_set_data with a prefix (<c>Channel-</c> in the connect reply, <c>Caller-</c> elsewhere).</summary>
    private void AppendProfile(EslEmulatorEvent ev, string prefix)
    {
        foreach (var (suffix, fixedValue) in _layout.Profile)
        {
            string value = fixedValue ?? suffix switch
            {
                "Direction" or "Logical-Direction" => Channel.Direction,
                "Caller-ID-Name" => Channel.CallerIdName,
                "Caller-ID-Number" => Channel.CallerIdNumber,
                "Destination-Number" => Channel.DestinationNumber,
                "Unique-ID" => Channel.Id,
                "Context" => Channel.Context,
                "Channel-Name" => Channel.Name,
                "Channel-Answered-Time" => Volatile.Read(ref _answeredAt).ToString(CultureInfo.InvariantCulture),
                "Channel-Progress-Time" => _progressAt.ToString(CultureInfo.InvariantCulture),
                "Channel-Progress-Media-Time" => _progressMediaAt.ToString(CultureInfo.InvariantCulture),
                "Channel-Hangup-Time" => _hungupAt.ToString(CultureInfo.InvariantCulture),
                _ => string.Empty,
            };
            ev.AddHeader(prefix + suffix, value);
        }
    }

    /// <summary>Delivers an event of this channel: to its socket and to every other listener that takes it. Under the fire lock.</summary>
    private void Fire(EslEmulatorEvent ev) => Deliver(ev);

    private void Deliver(EslEmulatorEvent ev)
    {
        var delivery = ev.GetDelivery();
        _connection?.TryDeliver(delivery);
        _emulator.DeliverToOthers(delivery, _connection);
    }
}
