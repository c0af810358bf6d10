namespace EslKit.Controller.WebConsole;

/// <summary>A console page whose form can be refused before it is read (<see cref="RefusedPost"/>): it shows why in its own error box.</summary>
internal interface IShowsRefusedPost
{
    /// <summary>Shows <paramref name="message"/> as the form's error.</summary>
    void ShowRefusal(string message);
}
