// Berth.Cli is Linux only (its AssemblyInfo.cs); its tests are too, or CA1416 flags every call into it.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
