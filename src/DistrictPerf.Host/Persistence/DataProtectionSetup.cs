using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace DistrictPerf.Host.Persistence;

/// <summary>One certificate file: a PKCS#12 file (.pfx/.p12, with its password) or a PEM certificate with its PEM key.</summary>
internal sealed class CertificateFileOptions
{
    /// <summary>A PKCS#12 file, or a PEM certificate (its key in <see cref="KeyPath"/> or in the same file).</summary>
    public string? Path { get; set; }

    /// <summary>The PKCS#12 password (or the password of an encrypted PEM key).</summary>
    public string? Password { get; set; }

    /// <summary>With a PEM certificate: the PEM private key file (e.g. a Kubernetes TLS secret's <c>tls.key</c>).</summary>
    public string? KeyPath { get; set; }
}

/// <summary>The <c>DataProtection</c> configuration section: how the key ring is encrypted at rest.</summary>
internal sealed class DataProtectionSettings
{
    public const string Section = "DataProtection";

    /// <summary>The certificate that encrypts new keys (and decrypts them); empty: keys are stored unencrypted.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public string? CertificateKeyPath { get; set; }

    /// <summary>Certificates of earlier rotations: they decrypt keys written before, never encrypt.</summary>
    public List<CertificateFileOptions> PreviousCertificates { get; set; } = [];
}

/// <summary>
/// Data-protection keys (they protect the sign-in cookie and bearer tokens) are persisted in the
/// database; with <c>DataProtection:CertificatePath</c> each key is encrypted to that certificate
/// before it is written (XML encryption, <c>encryptedSecret</c>). A configured file that is missing,
/// unreadable or without a private key stops start-up with a message naming the setting.
/// </summary>
internal static class DataProtectionSetup
{
    public static IDataProtectionBuilder ProtectKeysAsConfigured(this IDataProtectionBuilder builder, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(DataProtectionSettings.Section).Get<DataProtectionSettings>() ?? new DataProtectionSettings();
        if (string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            if (settings.PreviousCertificates.Count > 0)
            {
                throw new InvalidOperationException(
                    $"{DataProtectionSettings.Section}:PreviousCertificates is set but {DataProtectionSettings.Section}:CertificatePath is empty: " +
                    "new keys would be stored unencrypted. Set the current certificate as well.");
            }

            builder.Services.AddHostedService(sp => new UnencryptedKeysWarning(
                sp.GetRequiredService<ILogger<UnencryptedKeysWarning>>(), environment.IsProduction()));
            return builder;
        }

        var current = Load(new CertificateFileOptions
        {
            Path = settings.CertificatePath,
            Password = settings.CertificatePassword,
            KeyPath = settings.CertificateKeyPath,
        }, $"{DataProtectionSettings.Section}:CertificatePath", environment.ContentRootPath);
        builder.ProtectKeysWithCertificate(current);
        var previous = settings.PreviousCertificates
            .Select((c, i) => Load(c, $"{DataProtectionSettings.Section}:PreviousCertificates:{i}:Path", environment.ContentRootPath))
            .ToArray();
        if (previous.Length > 0)
        {
            builder.UnprotectKeysWithAnyCertificate(previous);
        }

        return builder;
    }

    /// <summary>Loads a certificate with its private key, or throws naming <paramref name="setting"/> and the file.</summary>
    public static X509Certificate2 Load(CertificateFileOptions file, string setting, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(file.Path))
        {
            throw new InvalidOperationException($"{setting} is empty.");
        }

        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(contentRoot, file.Path));
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{setting}: the certificate file '{path}' does not exist.");
        }

        var keyPath = string.IsNullOrWhiteSpace(file.KeyPath) ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(contentRoot, file.KeyPath));
        if (keyPath is not null && !File.Exists(keyPath))
        {
            throw new InvalidOperationException($"{setting}: the private key file '{keyPath}' does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = LoadFile(path, keyPath, file.Password);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"{setting}: the certificate '{path}' could not be read ({e.Message.TrimEnd('.')}). " +
                "Give a PKCS#12 file with its password, or a PEM certificate with its PEM private key.", e);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException(
                $"{setting}: the certificate '{path}' has no private key; data-protection keys encrypted to it could never be read back. " +
                "Give a PKCS#12 file that includes the key, or the PEM key file as well.");
        }

        if (certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException(
                $"{setting}: the certificate '{path}' does not have an RSA key; key encryption at rest (XML encryption) needs an RSA certificate.");
        }

        return certificate;
    }

    private static X509Certificate2 LoadFile(string path, string? keyPath, string? password)
    {
        if (keyPath is not null)
        {
            return Exportable(string.IsNullOrEmpty(password)
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath));
        }

        var text = File.ReadAllBytes(path);
        if (text.AsSpan().IndexOf("-----BEGIN"u8) >= 0)
        {
            // A PEM certificate, with its key in the same file or none (then HasPrivateKey is false).
            var pem = System.Text.Encoding.ASCII.GetString(text);
            if (pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            {
                return Exportable(string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPemFile(path)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password));
            }

            return X509CertificateLoader.LoadCertificateFromFile(path);
        }

        return X509Certificate2.GetCertContentType(text) == X509ContentType.Pkcs12
            ? X509CertificateLoader.LoadPkcs12(text, password, OperatingSystem.IsLinux() ? X509KeyStorageFlags.EphemeralKeySet : X509KeyStorageFlags.DefaultKeySet)
            : X509CertificateLoader.LoadCertificate(text);
    }

    /// <summary>A PEM pair's key is ephemeral; on Windows XML decryption needs a key loaded from PKCS#12.</summary>
    private static X509Certificate2 Exportable(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}

/// <summary>In Production, says at start that the key ring is stored without encryption.</summary>
internal sealed class UnencryptedKeysWarning(ILogger<UnencryptedKeysWarning> logger, bool production) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (production)
        {
            logger.LogWarning(
                "Data-protection keys (they protect sign-in cookies and bearer tokens) are stored UNENCRYPTED in the database table DataProtectionKeys: " +
                "anyone who can read that table can forge sign-ins. Set {Setting} (and its password or key file) to encrypt them with a certificate.",
                $"{DataProtectionSettings.Section}:CertificatePath");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
