using System.Runtime.Versioning;

// WebInfra's database nodes run on Linux only: the tests check Unix file modes and run shell scripts.
[assembly: SupportedOSPlatform("linux")]
