using System.Globalization;
using System.Text;

namespace Gatehouse.Tests.Hosting;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, for tests that check what
/// <c>/metrics</c> writes: every line must be a <c># HELP</c>, a <c># TYPE</c> or a sample; a
/// family's HELP and TYPE come once and before its samples; sample names must belong to the
/// family of the latest TYPE (<c>_bucket</c>, <c>_sum</c>, <c>_count</c> for histograms); label
/// values are unescaped; values must parse as Go's ParseFloat would. Anything else throws
/// <see cref="FormatException"/>, naming the line.
/// </summary>
public sealed class PrometheusText
{
    private PrometheusText(Dictionary<string, Family> families) => Families = families;

    public IReadOnlyDictionary<string, Family> Families { get; }

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed class Family(string name)
    {
        public string Name { get; } = name;

        public string? Help { get; set; }

        public string? Type { get; set; }

        public List<Sample> Samples { get; } = [];
    }

    public static PrometheusText Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("The exposition must end with a line feed.");
        }
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        Family? current = null;
        var lines = text.Split('\n');
        for (var number = 1; number <= lines.Length - 1; number++)
        {
            var line = lines[number - 1];
            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var rest = line[7..];
                var space = rest.IndexOf(' ');
                if (space <= 0)
                {
                    throw new FormatException($"Line {number}: '{line}' has no metric name and text.");
                }
                var name = rest[..space];
                var family = families.TryGetValue(name, out var known) ? known : families[name] = new Family(name);
                if (family.Samples.Count > 0)
                {
                    throw new FormatException($"Line {number}: {name}'s {line[2..6]} comes after its samples.");
                }
                if (line[2] == 'H')
                {
                    family.Help = family.Help is null ? UnescapeHelp(rest[(space + 1)..]) : throw new FormatException($"Line {number}: a second HELP for {name}.");
                }
                else
                {
                    var type = rest[(space + 1)..];
                    if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                    {
                        throw new FormatException($"Line {number}: '{type}' is not a metric type.");
                    }
                    family.Type = family.Type is null ? type : throw new FormatException($"Line {number}: a second TYPE for {name}.");
                }
                current = family;
                continue;
            }
            if (line.Length == 0 || line.StartsWith('#'))
            {
                throw new FormatException($"Line {number}: '{line}' is neither HELP, TYPE nor a sample (this writer writes no blank lines or comments).");
            }
            var sample = ParseSample(line, number);
            if (current is null || !BelongsTo(sample.Name, current))
            {
                throw new FormatException($"Line {number}: sample {sample.Name} does not belong to the family of the latest TYPE ({current?.Name}).");
            }
            current.Samples.Add(sample);
        }
        return new PrometheusText(families);
    }

    /// <summary>The value of the one sample named <paramref name="name"/> with exactly these labels, or null.</summary>
    public double? Value(string name, params (string Key, string Value)[] labels)
    {
        var matches = Families.Values.SelectMany(f => f.Samples)
            .Where(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0].Value,
            _ => throw new InvalidOperationException($"{matches.Count} samples of {name} have the labels {string.Join(",", labels)}."),
        };
    }

    private static bool BelongsTo(string sample, Family family) => family.Type switch
    {
        "histogram" => sample == family.Name + "_bucket" || sample == family.Name + "_sum" || sample == family.Name + "_count",
        "summary" => sample == family.Name || sample == family.Name + "_sum" || sample == family.Name + "_count",
        _ => sample == family.Name,
    };

    private static Sample ParseSample(string line, int number)
    {
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':'))
        {
            i++;
        }
        if (i == 0 || char.IsAsciiDigit(line[0]))
        {
            throw new FormatException($"Line {number}: '{line}' does not start with a metric name.");
        }
        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var start = i;
                while (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_')
                {
                    i++;
                }
                var key = line[start..i];
                if (key.Length == 0 || char.IsAsciiDigit(key[0]) || line[i] != '=' || line[i + 1] != '"')
                {
                    throw new FormatException($"Line {number}: a bad label at column {start} in '{line}'.");
                }
                i += 2;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"Line {number}: '\\{line[i]}' is not an escape of the format."),
                        });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                    i++;
                }
                i++;
                if (!labels.TryAdd(key, value.ToString()))
                {
                    throw new FormatException($"Line {number}: the label {key} twice.");
                }
                if (line[i] == ',')
                {
                    i++;
                }
                else if (line[i] != '}')
                {
                    throw new FormatException($"Line {number}: expected ',' or '}}' at column {i} in '{line}'.");
                }
            }
            i++;
        }
        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException($"Line {number}: no space before the value in '{line}'.");
        }
        var text = line[(i + 1)..];
        var parsed = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"Line {number}: '{text}' is not a value (a timestamp is not written either)."),
        };
        return new Sample(name, labels, parsed);
    }

    private static string UnescapeHelp(string help)
    {
        var text = new StringBuilder(help.Length);
        for (var i = 0; i < help.Length; i++)
        {
            if (help[i] == '\\' && i + 1 < help.Length)
            {
                i++;
                text.Append(help[i] switch
                {
                    '\\' => '\\',
                    'n' => '\n',
                    _ => throw new FormatException($"'\\{help[i]}' is not an escape in HELP."),
                });
            }
            else
            {
                text.Append(help[i]);
            }
        }
        return text.ToString();
    }
}
