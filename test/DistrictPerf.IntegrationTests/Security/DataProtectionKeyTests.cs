using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DistrictPerf.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.IntegrationTests.Security;

/// <summary>
/// Data-protection keys (they protect the sign-in cookie and bearer tokens) as stored in the
/// DataProtectionKeys table: plaintext without a certificate (the default), encrypted to the
/// certificate of <c>DataProtection:CertificatePath</c> when one is configured (a .pfx, or a PEM
/// certificate and key as in a Kubernetes TLS secret), readable by another process with that
/// certificate or with it among <c>DataProtection:PreviousCertificates</c> after a rotation, and a
/// configured file that is missing, unreadable or without a private key stops start-up.
/// </summary>
public sealed class DataProtectionKeyTests : IDisposable
{
    private const string PfxPassword = "Pfx#Pass2026";
    private readonly string _folder = Directory.CreateTempSubdirectory("districtperf-dp-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static X509Certificate2 NewCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    }

    private string WritePfx(X509Certificate2 certificate, string name)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, PfxPassword));
        return path;
    }

    /// <summary>tls.crt and tls.key, as a Kubernetes TLS secret mounts them.</summary>
    private (string Crt, string Key) WritePem(X509Certificate2 certificate, string name)
    {
        var crt = Path.Combine(_folder, name + ".crt");
        var key = Path.Combine(_folder, name + ".key");
        File.WriteAllText(crt, certificate.ExportCertificatePem());
        File.WriteAllText(key, certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (crt, key);
    }

    /// <summary>Starts the app; its database lives in this test's folder (deleted at the end) unless the settings say where.</summary>
    private async Task<AppFixture> StartAsync(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Database:DataDirectory", Path.Combine(_folder, "data-" + Guid.NewGuid().ToString("N")));
        var app = AppFixture.WithSettings(settings);
        await app.InitializeAsync();
        return app;
    }

    private static async Task<List<string>> StoredKeysAsync(AppFixture app) =>
        await app.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync());

    private static async Task<HttpStatusCode> MeAsync(AppFixture app, string token)
    {
        using var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync("/api/auth/me");
        return response.StatusCode;
    }

    private static async Task<string> RootTokenAsync(AppFixture app)
    {
        using var root = await app.RootAsync();
        return root.DefaultRequestHeaders.Authorization!.Parameter!;
    }

    [Fact]
    public async Task WithoutACertificate_TheKeyIsStoredInPlaintext()
    {
        // The default, documented: anyone who can read the table can read the master key.
        await using var app = await StartAsync([]);
        (await RootTokenAsync(app)).ShouldNotBeNullOrEmpty();

        var keys = await StoredKeysAsync(app);
        keys.ShouldNotBeEmpty();
        keys.ShouldAllBe(xml => xml.Contains("<masterKey") && !xml.Contains("encryptedSecret"));
    }

    [Fact]
    public async Task WithAPfx_TheKeyIsEncrypted_AnotherProcessReadsIt_AndARotationKeepsTheOldCertificateForReading()
    {
        using var first = NewCertificate("districtperf-dp-1");
        var pfx = WritePfx(first, "dp-1.pfx");
        var data = Path.Combine(_folder, "data");
        string token;
        var app = await StartAsync(new()
        {
            ["Database:DataDirectory"] = data,
            ["DataProtection:CertificatePath"] = pfx,
            ["DataProtection:CertificatePassword"] = PfxPassword,
        });
        try
        {
            token = await RootTokenAsync(app); // signing in creates the first key

            var keys = await StoredKeysAsync(app);
            keys.ShouldNotBeEmpty();
            foreach (var xml in keys)
            {
                xml.ShouldContain("encryptedSecret");
                xml.ShouldContain("EncryptedData"); // XML encryption (EncryptedXml), to the certificate
                xml.ShouldContain(Convert.ToBase64String(first.RawData)); // ...to this certificate (its X509Data)
                xml.ShouldNotContain("<masterKey");
            }
        }
        finally
        {
            app.Dispose(); // the server stops; its database stays for the next processes
        }

        // Another process (a restart, another replica) with the same certificate reads the key: the token is valid.
        await using (var same = await StartAsync(new()
        {
            ["Database:DataDirectory"] = data,
            ["DataProtection:CertificatePath"] = pfx,
            ["DataProtection:CertificatePassword"] = PfxPassword,
        }))
        {
            (await MeAsync(same, token)).ShouldBe(HttpStatusCode.OK);
        }

        // Rotation: a new certificate (PEM pair, as a TLS secret) encrypts new keys, the old one still decrypts the old key.
        using var second = NewCertificate("districtperf-dp-2");
        var (crt, key) = WritePem(second, "dp-2");
        await using (var rotated = await StartAsync(new()
        {
            ["Database:DataDirectory"] = data,
            ["DataProtection:CertificatePath"] = crt,
            ["DataProtection:CertificateKeyPath"] = key,
            ["DataProtection:PreviousCertificates:0:Path"] = pfx,
            ["DataProtection:PreviousCertificates:0:Password"] = PfxPassword,
        }))
        {
            (await MeAsync(rotated, token)).ShouldBe(HttpStatusCode.OK);
        }

        // Without the old certificate the old key cannot be decrypted: its tokens are refused (what the rotation setting prevents).
        await using var withoutPrevious = await StartAsync(new()
        {
            ["Database:DataDirectory"] = data,
            ["DataProtection:CertificatePath"] = crt,
            ["DataProtection:CertificateKeyPath"] = key,
        });
        (await MeAsync(withoutPrevious, token)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>Starts the app expecting start-up to fail; returns the messages of the exception and its inner ones.</summary>
    private async Task<string> StartFailureAsync(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Database:DataDirectory", Path.Combine(_folder, "data-" + Guid.NewGuid().ToString("N")));
        var app = AppFixture.WithSettings(settings);
        try
        {
            await app.InitializeAsync();
        }
        catch (Exception error)
        {
            var messages = new List<string>();
            for (Exception? e = error; e is not null; e = e.InnerException)
            {
                messages.Add(e.Message);
            }

            return string.Join(" | ", messages);
        }
        finally
        {
            app.Dispose();
        }

        throw new ShouldAssertException("The app started although its data-protection certificate setting is unusable.");
    }

    [Fact]
    public async Task AMissingCertificateFile_StopsStartUp_NamingTheSettingAndTheFile()
    {
        var missing = Path.Combine(_folder, "no-such.pfx");
        var message = await StartFailureAsync(new() { ["DataProtection:CertificatePath"] = missing });
        message.ShouldContain("DataProtection:CertificatePath");
        message.ShouldContain("no-such.pfx");
        message.ShouldContain("does not exist");
    }

    [Fact]
    public async Task ACertificateWithoutItsPrivateKey_StopsStartUp()
    {
        using var certificate = NewCertificate("districtperf-dp-public");
        var crt = Path.Combine(_folder, "public.crt");
        File.WriteAllText(crt, certificate.ExportCertificatePem());

        var message = await StartFailureAsync(new() { ["DataProtection:CertificatePath"] = crt });
        message.ShouldContain("DataProtection:CertificatePath");
        message.ShouldContain("has no private key");
    }

    [Fact]
    public async Task APfxWithTheWrongPassword_StopsStartUp()
    {
        using var certificate = NewCertificate("districtperf-dp-password");
        var pfx = WritePfx(certificate, "password.pfx");

        var message = await StartFailureAsync(new()
        {
            ["DataProtection:CertificatePath"] = pfx,
            ["DataProtection:CertificatePassword"] = "wrong",
        });
        message.ShouldContain("DataProtection:CertificatePath");
        message.ShouldContain("could not be read");
    }

    [Fact]
    public async Task APreviousCertificateWithoutACurrentOne_StopsStartUp()
    {
        using var certificate = NewCertificate("districtperf-dp-previous");
        var pfx = WritePfx(certificate, "previous.pfx");

        var message = await StartFailureAsync(new()
        {
            ["DataProtection:PreviousCertificates:0:Path"] = pfx,
            ["DataProtection:PreviousCertificates:0:Password"] = PfxPassword,
        });
        message.ShouldContain("DataProtection:CertificatePath is empty");
    }
}
