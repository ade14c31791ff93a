using System.Globalization;

namespace CrisisConsole.GatewaySimulator.Recipients;

/// <summary>
/// A burst of answers from many simulated people (POST /admin/inbound/bulk): N people, numbered from a
/// prefix, each sending one message at a steady rate through <see cref="InboundDispatcher"/> (signed
/// webhooks, as the real providers post them). The mix, by person: English, French and Arabic in turn;
/// 40% a safe phrase, 25% a help phrase, 10% a button press (SAFE/HELP), 10% a question, 10% "1" or "2",
/// 5% small talk. Bounded: at most <see cref="MaxCount"/> people and <see cref="MaxPerSecond"/> a second,
/// one burst at a time.
/// </summary>
internal sealed class BulkAnswers(InboundDispatcher inbound, TimeProvider time)
{
    public const int MaxCount = 100_000;
    public const int MaxPerSecond = 2_000;

    private static readonly string[] Languages = ["en", "fr", "ar"];
    private static readonly Dictionary<string, string[]> SmallTalk = new()
    {
        ["en"] = ["thanks", "Got it"],
        ["fr"] = ["merci", "bien reçu"],
        ["ar"] = ["شكرا", "تم الاستلام"],
    };

    private readonly Lock gate = new();
    private BulkRun? current;

    /// <summary>Starts a burst; null with a reason when the request is out of bounds or a burst is running.</summary>
    public (BulkStatus? Status, string? Problem) Start(BulkAnswersRequest request)
    {
        if (request.Count is < 1 or > MaxCount)
        {
            return (null, $"Count must be between 1 and {MaxCount}.");
        }

        if (request.PerSecond is < 1 or > MaxPerSecond)
        {
            return (null, $"PerSecond must be between 1 and {MaxPerSecond}.");
        }

        var prefix = request.PhonePrefix ?? "+1999";
        var digits = request.Count.ToString(CultureInfo.InvariantCulture).Length;
        if (!prefix.StartsWith('+') || !prefix[1..].All(char.IsAsciiDigit) || prefix.Length - 1 + Math.Max(digits, 7) > 15)
        {
            return (null, "PhonePrefix must be + and digits, short enough to leave 7 digits for the person's number.");
        }

        lock (gate)
        {
            if (current is { Finished: false })
            {
                return (null, "A burst is already running; wait for it or ask GET /admin/inbound/bulk.");
            }

            current = new BulkRun(request with { PhonePrefix = prefix }, time.GetUtcNow());
            var run = current;
            _ = Task.Run(() => RunAsync(run));
            return (run.Snapshot(), null);
        }
    }

    public BulkStatus? Status()
    {
        lock (gate)
        {
            return current?.Snapshot();
        }
    }

    /// <summary>The number of the i-th simulated person of a burst.</summary>
    public static string Phone(string prefix, int index) => prefix + index.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>What the i-th person sends, on which channel (deterministic, so a benchmark knows what to expect).</summary>
    public static (SimulatedChannel Channel, InboundMessage Message) Answer(int index, SimulatedChannel? channel)
    {
        var language = Languages[index % Languages.Length];
        var slot = (index / Languages.Length) % 20;
        var seed = (index * 0.618034) % 1.0;
        var message = slot switch
        {
            < 8 => new InboundMessage { Text = AnswerPhrases.SafeText(language, seed) },
            < 13 => new InboundMessage { Text = AnswerPhrases.HelpText(language, seed) },
            < 15 => new InboundMessage { ButtonId = slot == 13 ? "SAFE" : "HELP", ButtonText = slot == 13 ? "I am safe" : "I need help" },
            < 17 => new InboundMessage { Text = AnswerPhrases.FreeText(language, 0.8 + seed * 0.19) },
            < 19 => new InboundMessage { Text = slot == 17 ? "1" : "2" },
            _ => new InboundMessage { Text = SmallTalk[language][index % 2] },
        };
        // Rotated apart from the language, so every language travels on every channel.
        var chosen = channel ?? (SimulatedChannel)((index + index / 3) % 3);
        // SMS carries text only: a button press arrives as the word.
        if (chosen == SimulatedChannel.Sms && message.IsButton)
        {
            message = new InboundMessage { Text = message.ButtonId };
        }

        return (chosen, message);
    }

    private async Task RunAsync(BulkRun run)
    {
        var request = run.Request;
        var started = time.GetTimestamp();
        try
        {
            for (var i = 0; i < request.Count; i++)
            {
                // Paced from the start, so a slow moment is caught up rather than the whole burst stretched.
                var due = TimeSpan.FromSeconds((double)i / request.PerSecond);
                var wait = due - time.GetElapsedTime(started);
                if (wait > TimeSpan.FromMilliseconds(2))
                {
                    await Task.Delay(wait, time);
                }

                var (channel, message) = Answer(i, request.Channel);
                var result = inbound.Send(channel, Phone(request.PhonePrefix!, i), message);
                run.Sent(result.Problem is null);
            }
        }
        finally
        {
            run.Finish(time.GetUtcNow());
        }
    }

    private sealed class BulkRun(BulkAnswersRequest request, DateTimeOffset startedAt)
    {
        private int sent;
        private int problems;
        private long finishedAtTicks;

        public BulkAnswersRequest Request { get; } = request;

        public bool Finished => Interlocked.Read(ref finishedAtTicks) != 0;

        public void Sent(bool ok)
        {
            Interlocked.Increment(ref sent);
            if (!ok)
            {
                Interlocked.Increment(ref problems);
            }
        }

        public void Finish(DateTimeOffset at) => Interlocked.Exchange(ref finishedAtTicks, at.UtcTicks);

        public BulkStatus Snapshot()
        {
            var finished = Interlocked.Read(ref finishedAtTicks);
            return new(Request.Count, Request.PerSecond, Volatile.Read(ref sent), Volatile.Read(ref problems), startedAt,
                finished == 0 ? null : new DateTimeOffset(finished, TimeSpan.Zero));
        }
    }
}

/// <summary>The body of POST /admin/inbound/bulk. <see cref="Channel"/> null rotates SMS, Twilio WhatsApp and Meta.</summary>
public sealed record BulkAnswersRequest
{
    public int Count { get; init; } = 10_000;
    public int PerSecond { get; init; } = 200;
    public string? PhonePrefix { get; init; }
    public SimulatedChannel? Channel { get; init; }
}

/// <summary>Progress of a burst: how many were handed to the webhook queue, how many could not be, and when it ran.</summary>
public sealed record BulkStatus(int Count, int PerSecond, int Queued, int Problems, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);
