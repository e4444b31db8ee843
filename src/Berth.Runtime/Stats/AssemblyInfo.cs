using System.Runtime.CompilerServices;

// The Top and Stats tests read recorded /proc and /sys/fs/cgroup trees through the internal overloads that take a root.
[assembly: InternalsVisibleTo("Berth.Runtime.Tests")]
