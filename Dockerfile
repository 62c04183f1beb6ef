# DistrictPerf: one image for web replicas and job workers (Jobs__Web / Jobs__Server choose the role).
# Build: docker build -t districtperf:<version> .
# The SDK is pinned: the web application's lock file (src/DistrictPerf.Web/packages.lock.json) records the
# packs this SDK brings (Microsoft.NET.Sdk.WebAssembly.Pack, Microsoft.NET.ILLink.Tasks at its runtime version),
# so another SDK fails the locked restore. Change both together (docs/operations.md, "Package lock").
FROM mcr.microsoft.com/dotnet/sdk:10.0.401 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig DistrictPerf.sln dotnet-tools.json ./
COPY src/ src/
# Locked mode: exactly the packages of the committed packages.lock.json files, or the build stops. A new
# vulnerability advisory is printed as a warning (NU1901-NU1904), never an error (Directory.Build.props).
RUN dotnet restore src/DistrictPerf.Host/DistrictPerf.Host.csproj --locked-mode
RUN dotnet publish src/DistrictPerf.Host/DistrictPerf.Host.csproj -c Release -o /app --nologo --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The embedded defaults (SQLite, Hangfire storage, Lucene index) live in /data; production
# points Database__Provider / Search__Provider at SQL Server and Elasticsearch instead.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Database__DataDirectory=/data \
    Logging__Json=true \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "DistrictPerf.Host.dll"]
