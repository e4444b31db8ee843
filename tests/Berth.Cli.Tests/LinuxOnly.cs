// Berth.Cli is Linux only (its AssemblyInfo says so); the tests that call it are too.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
