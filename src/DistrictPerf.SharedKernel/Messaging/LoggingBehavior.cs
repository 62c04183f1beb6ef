using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace DistrictPerf.SharedKernel.Messaging;

/// <summary>
/// Logs each message's name, outcome and duration (structured, inside the request's log scope): commands (writes) at
/// Information, queries (reads, the hot path) at Debug, any message slower than <see cref="SlowAfter"/> at Warning,
/// failures at Warning. A read does not write a console line at the production log level: the console logger's lock
/// and JSON formatting cost more than a cached read itself (measured, docs/performance.md).
/// </summary>
public sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public static readonly TimeSpan SlowAfter = TimeSpan.FromSeconds(1);

    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed >= SlowAfter)
            {
                Slow(logger, typeof(TMessage).Name, elapsed.TotalMilliseconds);
            }
            else if (message is IBaseQuery)
            {
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    Read(logger, typeof(TMessage).Name, elapsed.TotalMilliseconds);
                }
            }
            else
            {
                Handled(logger, typeof(TMessage).Name, elapsed.TotalMilliseconds);
            }

            return response;
        }
        catch (Exception ex)
        {
            Failed(logger, typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.GetType().Name);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Handled {Message} in {ElapsedMs:0.0} ms")]
    private static partial void Handled(ILogger logger, string message, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handled {Message} in {ElapsedMs:0.0} ms")]
    private static partial void Read(ILogger logger, string message, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slow: handled {Message} in {ElapsedMs:0.0} ms")]
    private static partial void Slow(ILogger logger, string message, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Message} failed after {ElapsedMs:0.0} ms: {Error}")]
    private static partial void Failed(ILogger logger, string message, double elapsedMs, string error);
}
