// Berth runs on Linux only: POSIX signals, terminals and namespaces are used freely.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
