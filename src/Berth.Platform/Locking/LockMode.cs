namespace Berth.Platform.Locking;

/// <summary>flock(2) modes: many shared holders, or one exclusive holder.</summary>
public enum LockMode
{
    Shared,
    Exclusive,
}
