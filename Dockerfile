# DistrictPerf: one image for web replicas and job workers (Jobs__Web / Jobs__Server choose the role).
# Build: docker build -t districtperf:<version> .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig DistrictPerf.sln dotnet-tools.json ./
COPY src/ src/
RUN dotnet publish src/DistrictPerf.Host/DistrictPerf.Host.csproj -c Release -o /app --nologo

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
