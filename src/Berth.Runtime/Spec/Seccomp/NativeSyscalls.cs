using System.Collections.Frozen;

namespace Berth.Runtime.Spec.Seccomp;

/// <summary>
/// System call names that do not exist on x86-64 (32-bit x86, ARM and s390 calls, and the 32-bit time_t variants):
/// libseccomp resolves each to a negative pseudo number there. runc still adds a rule for every one of them, which costs
/// its filter build ~2 ms per container, and the rule can never match a call. When a filter is for x86-64 alone they are
/// left out (<see cref="SeccompResolver"/>); a name missing here only keeps its useless rule.
/// </summary>
internal static class NativeSyscalls
{
    public static readonly FrozenSet<string> AbsentOnX86_64 = FrozenSet.ToFrozenSet(
    [
        "_llseek", "_newselect", "arm_fadvise64_64", "arm_sync_file_range", "bdflush", "breakpoint", "cacheflush",
        "chown32", "clock_adjtime64", "clock_getres_time64", "clock_gettime64", "clock_nanosleep_time64",
        "clock_settime64", "fadvise64_64", "fchown32", "fcntl64", "fstat64", "fstatat64", "fstatfs64", "ftruncate64",
        "futex_time64", "getegid32", "geteuid32", "getgid32", "getgroups32", "getresgid32", "getresuid32", "getuid32",
        "ipc", "lchown32", "lstat64", "mmap2", "mq_timedreceive_time64", "mq_timedsend_time64", "nice", "oldfstat",
        "oldlstat", "oldolduname", "oldstat", "olduname", "pciconfig_iobase", "pciconfig_read", "pciconfig_write",
        "ppoll_time64", "pselect6_time64", "readdir", "recv", "recvmmsg_time64", "rt_sigtimedwait_time64",
        "s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr", "sched_rr_get_interval_time64",
        "semtimedop_time64", "send", "sendfile64", "set_tls", "setfsgid32", "setfsuid32", "setgid32", "setgroups32",
        "setregid32", "setresgid32", "setresuid32", "setreuid32", "setuid32", "sgetmask", "sigaction", "signal",
        "sigpending", "sigprocmask", "sigreturn", "sigsuspend", "socketcall", "ssetmask", "stat64", "statfs64", "stime",
        "swapcontext", "sync_file_range2", "syscall", "timer_gettime64", "timer_settime64", "timerfd",
        "timerfd_gettime64", "timerfd_settime64", "truncate64", "ugetrlimit", "umount", "utimensat_time64", "vm86",
        "vm86old", "waitpid",
    ], StringComparer.Ordinal);
}
