using System.Diagnostics;

namespace DistrictPerf.IntegrationTests.Infrastructure;

/// <summary>The Host's own process (its build output next to this test build), run with command-line switches until it exits.</summary>
public static class HostProcess
{
    public static string Dll()
    {
        var testBin = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(testBin);
        var configuration = Path.GetFileName(Path.GetDirectoryName(testBin)!);
        var root = new DirectoryInfo(testBin);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "DistrictPerf.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root!.FullName, "src", "DistrictPerf.Host", "bin", configuration, framework, "DistrictPerf.Host.dll");
        File.Exists(dll).ShouldBeTrue(dll);
        return dll;
    }

    /// <summary>Runs the host on <paramref name="dataDirectory"/> (environment Testing) with <paramref name="environment"/> added; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var dll = Dll();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Database__DataDirectory"] = dataDirectory;
        start.Environment["Logging__Json"] = "false";
        start.Environment["Search__LucenePath"] = Path.Combine(dataDirectory, "search-index");
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the host did not exit: {string.Join(' ', args)}\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
