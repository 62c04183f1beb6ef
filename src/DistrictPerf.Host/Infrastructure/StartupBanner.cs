using DistrictPerf.Host.Seeding;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DistrictPerf.Host.Infrastructure;

/// <summary>Prints where the app listens and, with demo data, how to sign in.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app, bool demo)
    {
        var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault() ?? "(unknown)";
        var lines = new List<string>
        {
            "",
            "DistrictPerf 部门整体支出绩效管理平台 is running.",
            $"  URL:        {url}",
            $"  API docs:   {url}/scalar   (OpenAPI: {url}/openapi/v1.json)",
            $"  Health:     {url}/health/ready",
        };
        if (demo)
        {
            lines.Add($"  Demo sign-ins (password for all: {DemoData.Password}):");
            lines.AddRange(DemoData.HostUsers.Select(u => $"    host   (财政局)          userName={u.UserName,-9} role={u.Role}"));
            lines.AddRange(DemoData.BureauUsers.Select(u => $"    bureau {DemoData.BureauCode} userName={u.UserName,-9} role={u.Role}"));
            lines.Add($"  e.g. curl -s -X POST {url}/api/auth/login -H 'Content-Type: application/json' -d '{{\"bureauCode\":\"{DemoData.BureauCode}\",\"userName\":\"editor\",\"password\":\"{DemoData.Password}\"}}'");
        }

        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
