namespace EslKit.Commands;

/// <summary>FreeSWITCH's log levels, as <c>log &lt;level&gt;</c> takes them (written as the number).</summary>
public enum EslLogLevel
{
    /// <summary>0, CONSOLE.</summary>
    Console = 0,

    /// <summary>1, ALERT.</summary>
    Alert = 1,

    /// <summary>2, CRIT.</summary>
    Critical = 2,

    /// <summary>3, ERR.</summary>
    Error = 3,

    /// <summary>4, WARNING.</summary>
    Warning = 4,

    /// <summary>5, NOTICE.</summary>
    Notice = 5,

    /// <summary>6, INFO.</summary>
    Info = 6,

    /// <summary>7, DEBUG.</summary>
    Debug = 7,
}
