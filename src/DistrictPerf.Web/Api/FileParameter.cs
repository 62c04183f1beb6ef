namespace DistrictPerf.Web.Api;

/// <summary>A file to upload (the generated client's multipart parameter; NSwag expects this shape).</summary>
public sealed class FileParameter(Stream data, string? fileName = null, string? contentType = null)
{
    public Stream Data { get; } = data;

    public string? FileName { get; } = fileName;

    public string? ContentType { get; } = contentType;
}
