namespace Berth.Templates;

/// <summary>
/// A Go value whose <c>String</c> method has a pointer receiver (libnetwork's <c>types.IPNet</c>). A template action
/// prints an addressable value of such a type through <c>String</c> (text/template's printValue takes its address), while
/// <c>fmt</c> printing it nested inside a struct or slice shows its fields. Templates reach values through fields of
/// structs behind pointers and slice elements, which are addressable, so the action path always uses the method.
/// </summary>
public interface IGoAddressableStringer
{
    string GoAddressString();
}
