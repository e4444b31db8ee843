using System.Net;

namespace Berth.Registry;

/// <summary>
/// Retries what is worth retrying: connection faults, timeouts (no response headers within
/// <see cref="RegistryClientOptions.ResponseTimeout"/>, for requests without a body), and 5xx/429 answers, with exponential backoff and
/// <c>Retry-After</c> honoured for 429 and 503. A request whose body cannot be sent twice is never retried, and
/// nothing is retried once a response has been handed to the caller (body reads are the caller's business).
/// Unknown hosts and TLS failures are not retried: they do not heal in a second.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private readonly RegistryClientOptions _options;

    public RetryHandler(RegistryClientOptions options) => _options = options;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var maxAttempts = Math.Max(1, _options.MaxAttempts);
        var replayable = request.Content is null or ByteArrayContent or ReplayableContent;
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= maxAttempts || !replayable;
            TimeSpan delay;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                // Uploads get no header timeout: their response comes only after the whole body went out.
                if (_options.ResponseTimeout != Timeout.InfiniteTimeSpan && request.Content is null)
                {
                    timeout.CancelAfter(_options.ResponseTimeout);
                }

                HttpResponseMessage response;
                try
                {
                    response = await base.SendAsync(request, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    if (last)
                    {
                        throw new TimeoutException($"no response from {request.RequestUri?.Authority} within {_options.ResponseTimeout.TotalSeconds:0} s", e);
                    }

                    await Task.Delay(Backoff(attempt), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                catch (HttpRequestException e) when (!last && IsTransient(e))
                {
                    await Task.Delay(Backoff(attempt), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (last || !IsRetriableStatus(response.StatusCode))
                {
                    return response;
                }

                delay = RetryAfter(response) ?? Backoff(attempt);
                response.Dispose();
            }

            await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static bool IsTransient(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => false,
        HttpRequestError.SecureConnectionError => false,
        HttpRequestError.ConfigurationLimitExceeded => false,
        HttpRequestError.UserAuthenticationError => false,
        HttpRequestError.InvalidResponse => false,
        _ => e.InnerException is not BerthException,
    };

    private static bool IsRetriableStatus(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || ((int)status >= 500 && status != HttpStatusCode.NotImplemented && status != HttpStatusCode.HttpVersionNotSupported);

    private TimeSpan Backoff(int attempt) => _options.RetryDelay * Math.Pow(2, attempt - 1);

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        var delay = header.Delta ?? (header.Date is { } date ? date - _options.TimeProvider.GetUtcNow() : null);
        if (delay is not { } d)
        {
            return null;
        }

        return d < TimeSpan.Zero ? TimeSpan.Zero : d > _options.MaxRetryAfter ? _options.MaxRetryAfter : d;
    }
}
