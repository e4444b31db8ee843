namespace Berth.Build.Copy;

/// <summary>What a copy wrote: entries made or replaced (files, directories, links, nodes) and bytes of file content.</summary>
public sealed record CopyResult(long Entries, long Bytes);
