namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>Whether a process the site started still runs, as the kernel says: a zombie waiting to be reaped has stopped.</summary>
internal static class ProcessState
{
    public static bool IsRunning(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
