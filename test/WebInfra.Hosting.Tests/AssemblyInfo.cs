using System.Runtime.Versioning;

// WebInfra keeps its secrets in files with Unix permissions: the tests check file modes.
[assembly: SupportedOSPlatform("linux")]
