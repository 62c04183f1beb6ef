using System.Globalization;
using AntDesign;
using DistrictPerf.Web;
using DistrictPerf.Web.Api;
using DistrictPerf.Web.Localization;
using DistrictPerf.Web.Shell;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.JSInterop;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

builder.Services.AddAntDesign();
// The API is on the same origin (the app is served by the Host under /app): the cookie session goes along.
var apiBase = new Uri(new Uri(builder.HostEnvironment.BaseAddress), "/");
builder.Services.AddScoped(_ => new HttpClient { BaseAddress = apiBase });
builder.Services.AddScoped(sp => new DistrictPerfApi(sp.GetRequiredService<HttpClient>()));
builder.Services.AddScoped<Session>();
builder.Services.AddScoped<ApiGuard>();
builder.Services.AddScoped<InboxState>();

var host = builder.Build();

// One language at a time: Chinese unless the user switched (kept in the browser).
var culture = new CultureInfo(await LanguageChoice.ReadAsync(host.Services.GetRequiredService<IJSRuntime>()));
CultureInfo.DefaultThreadCurrentCulture = culture;
CultureInfo.DefaultThreadCurrentUICulture = culture;
LocaleProvider.SetLocale(culture.Name == Ui.English ? "en-US" : "zh-CN");
await host.Services.GetRequiredService<IJSRuntime>().InvokeVoidAsync("districtPerfA11y.setLanguage", culture.Name == Ui.English ? "en" : "zh-CN");
host.Services.GetRequiredService<HttpClient>().DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture.Name);

await host.RunAsync();
