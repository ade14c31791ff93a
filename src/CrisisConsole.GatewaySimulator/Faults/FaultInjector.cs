namespace CrisisConsole.GatewaySimulator.Faults;

/// <summary>The fault switches set through the admin API, consulted on every request and callback.</summary>
internal sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly List<FaultRule> rules = [];
    private volatile bool any;
    private int nextId;

    public FaultRule Add(FaultRule rule)
    {
        lock (gate)
        {
            rule.Id = "F" + (++nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            rule.Fired = 0;
            rules.Add(rule);
            any = true;
            return rule;
        }
    }

    public IReadOnlyList<FaultRule> List()
    {
        lock (gate)
        {
            return [.. rules];
        }
    }

    public bool Remove(string id)
    {
        lock (gate)
        {
            var removed = rules.RemoveAll(r => r.Id == id) > 0;
            any = rules.Count > 0;
            return removed;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
            any = false;
        }
    }

    /// <summary>Returns the rule that fires for this request or callback, consuming one of its uses, or null.</summary>
    public FaultRule? Take(FaultTarget target, FaultKind kind, string? recipient = null)
    {
        if (!any)
        {
            return null;
        }

        lock (gate)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                var rule = rules[i];
                if (rule.Kind != kind || (rule.Target != FaultTarget.Any && rule.Target != target) ||
                    (rule.Recipient is not null && !string.Equals(rule.Recipient, recipient, StringComparison.Ordinal)))
                {
                    continue;
                }

                if (rule.Probability < 1 && Random.Shared.NextDouble() >= rule.Probability)
                {
                    continue;
                }

                rule.Fired++;
                if (rule.Remaining is { } remaining)
                {
                    if (remaining <= 1)
                    {
                        rules.RemoveAt(i);
                        any = rules.Count > 0;
                    }
                    else
                    {
                        rule.Remaining = remaining - 1;
                    }
                }

                return rule;
            }
        }

        return null;
    }
}
