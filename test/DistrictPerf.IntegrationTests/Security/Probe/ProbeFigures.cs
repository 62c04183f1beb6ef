using System.Collections.Concurrent;
using System.Text;

namespace DistrictPerf.IntegrationTests.Security.Probe;

/// <summary>What the probe sent and found, per phase: operations, requests, statuses, leaks, failures.</summary>
internal sealed class ProbeFigures
{
    private sealed class Phase
    {
        public HashSet<string> Operations { get; } = [];

        public int Requests { get; set; }

        public SortedDictionary<int, int> Statuses { get; } = [];

        public List<string> Failures { get; } = [];

        public List<string> Leaks { get; } = [];
    }

    private readonly ConcurrentDictionary<string, Phase> _phases = new();
    private readonly object _lock = new();

    private Phase Of(string phase) => _phases.GetOrAdd(phase, _ => new Phase());

    public void Count(string phase, string operation, int status)
    {
        lock (_lock)
        {
            var p = Of(phase);
            p.Operations.Add(operation);
            p.Requests++;
            p.Statuses[status] = p.Statuses.GetValueOrDefault(status) + 1;
        }
    }

    public void Fail(string phase, string failure)
    {
        lock (_lock)
        {
            Of(phase).Failures.Add(failure);
        }
    }

    public void Leak(string phase, string leak)
    {
        lock (_lock)
        {
            Of(phase).Leaks.Add(leak);
        }
    }

    public int Requests(string phase) => Of(phase).Requests;

    public int Operations(string phase) => Of(phase).Operations.Count;

    public IReadOnlyList<string> Failures(string phase) => Of(phase).Failures;

    public IReadOnlyList<string> Leaks(string phase) => Of(phase).Leaks;

    public int ServerErrors(string phase) => Of(phase).Statuses.Where(s => s.Key >= 500).Sum(s => s.Value);

    /// <summary>One line per phase and a total, e.g. "cross-bureau: 74 operations, 212 requests, 0 leaks, 0 5xx, …".</summary>
    public string Report()
    {
        lock (_lock)
        {
            var text = new StringBuilder("API probe (driven by the app's OpenAPI document)\n");
            foreach (var (name, p) in _phases.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  {name}: {p.Operations.Count} operations, {p.Requests} requests, {p.Leaks.Count} leaks, ")
                    .Append(System.Globalization.CultureInfo.InvariantCulture, $"{p.Statuses.Where(s => s.Key >= 500).Sum(s => s.Value)} 5xx, {p.Failures.Count} other failures; statuses ")
                    .AppendLine(string.Join(" ", p.Statuses.Select(s => $"{s.Key}×{s.Value}")));
            }

            var all = _phases.Values.ToList();
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  total: {all.SelectMany(p => p.Operations).Distinct().Count()} operations, {all.Sum(p => p.Requests)} requests, ")
                .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{all.Sum(p => p.Leaks.Count)} leaks, {all.Sum(p => p.Statuses.Where(s => s.Key >= 500).Sum(s => s.Value))} 5xx, {all.Sum(p => p.Failures.Count)} other failures");
            foreach (var line in all.SelectMany(p => p.Leaks.Concat(p.Failures)).Take(50))
            {
                text.Append("    ").AppendLine(line);
            }

            return text.ToString();
        }
    }
}
