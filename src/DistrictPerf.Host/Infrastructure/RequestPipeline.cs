using System.Net;
using System.Security.Claims;
using DistrictPerf.SharedKernel.Modules;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace DistrictPerf.Host.Infrastructure;

/// <summary>
/// The application's request pipeline as the server runs it (every middleware and endpoint), kept when the host builds
/// it — a startup filter's outermost middleware sees the rest of the pipeline — so that the warm-up can send requests
/// through it in process (<see cref="SendAsync"/>). Nothing here listens or is reachable from outside.
/// </summary>
internal sealed class RequestPipeline(IHttpContextFactory contexts) : IStartupFilter
{
    private RequestDelegate? _pipeline;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(rest =>
        {
            _pipeline = rest;
            return rest;
        });
        next(app);
    };

    /// <summary>Whether the host has built the pipeline (it has once the server started).</summary>
    public bool Built => _pipeline is not null;

    /// <summary>
    /// Runs one request through the pipeline as <paramref name="user"/> (the server's authentication feature, as an
    /// authenticated connection would have it; null: anonymous) with the extra <paramref name="headers"/>; returns the
    /// status code (the body is written to memory and dropped).
    /// </summary>
    public async Task<int> SendAsync(
        WarmUpRequest request, ClaimsPrincipal? user, IEnumerable<(string Header, string Value)> headers, CancellationToken cancellationToken)
    {
        var pipeline = _pipeline ?? throw new InvalidOperationException("The request pipeline has not been built yet.");
        var query = request.Path.IndexOf('?');
        var requestFeature = new HttpRequestFeature
        {
            Method = request.Method,
            Scheme = "http",
            Protocol = "HTTP/1.1",
            PathBase = "",
            Path = query < 0 ? request.Path : request.Path[..query],
            QueryString = query < 0 ? "" : request.Path[query..],
            RawTarget = request.Path,
            Body = new MemoryStream(request.Body ?? [], writable: false),
        };
        requestFeature.Headers.Host = "localhost";
        requestFeature.Headers.Accept = "application/json";
        if (request.Body is { } body)
        {
            requestFeature.Headers.ContentType = request.ContentType;
            requestFeature.Headers.ContentLength = body.Length;
        }

        foreach (var (name, value) in headers)
        {
            requestFeature.Headers.Append(name, value);
        }

        using var responseBody = new MemoryStream();
        var response = new ResponseFeature();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(requestFeature);
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(responseBody));
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = cancellationToken });
        features.Set<IHttpRequestIdentifierFeature>(new HttpRequestIdentifierFeature());
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = "warm-up",
            RemoteIpAddress = IPAddress.Loopback,
            LocalIpAddress = IPAddress.Loopback,
        });
        if (user is not null)
        {
            features.Set<IHttpAuthenticationFeature>(new HttpAuthenticationFeature { User = user });
        }

        var context = contexts.Create(features);
        try
        {
            await pipeline(context);
            await response.StartAsync();
            await context.Response.CompleteAsync();
            return context.Response.StatusCode;
        }
        finally
        {
            // As the server does: the response's completion callbacks, which dispose the request's services (its
            // scope, the pooled DbContext going back to its pool), then the context.
            await response.CompletedAsync();
            contexts.Dispose(context);
        }
    }

    /// <summary>
    /// The response as a server keeps it: callbacks registered to run when it starts (headers) and when it has been
    /// sent (<see cref="HttpResponse.RegisterForDisposeAsync"/> — the request's service scope among them), run in
    /// reverse order of registration like Kestrel's. (<see cref="HttpResponseFeature"/> ignores them.)
    /// </summary>
    private sealed class ResponseFeature : IHttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];
        private readonly List<(Func<object, Task> Callback, object State)> _completed = [];

        public int StatusCode { get; set; } = StatusCodes.Status200OK;

        public string? ReasonPhrase { get; set; }

        public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

        [Obsolete("Use IHttpResponseBodyFeature.Stream.")]
        public Stream Body { get; set; } = Stream.Null;

        public bool HasStarted { get; private set; }

        public void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public void OnCompleted(Func<object, Task> callback, object state) => _completed.Add((callback, state));

        public async Task StartAsync()
        {
            if (HasStarted)
            {
                return;
            }

            for (var i = _starting.Count - 1; i >= 0; i--)
            {
                await _starting[i].Callback(_starting[i].State);
            }

            HasStarted = true;
        }

        public async Task CompletedAsync()
        {
            for (var i = _completed.Count - 1; i >= 0; i--)
            {
                await _completed[i].Callback(_completed[i].State);
            }
        }
    }
}
