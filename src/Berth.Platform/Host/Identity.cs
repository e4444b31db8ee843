using Berth.Platform.Interop;

namespace Berth.Platform.Host;

/// <summary>Who runs this process.</summary>
public static class Identity
{
    public static uint EffectiveUserId => Libc.GetEffectiveUserId();

    public static bool IsRoot => EffectiveUserId == 0;
}
