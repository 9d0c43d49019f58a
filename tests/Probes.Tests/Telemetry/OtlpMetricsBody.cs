using System.Buffers.Binary;
using System.Text;

namespace AmbientVerify.Probes.Tests.Telemetry;

/// <summary>
/// Reads the metric names and number data points out of an OTLP/HTTP <c>/v1/metrics</c> body (an
/// ExportMetricsServiceRequest in protobuf) without the generated OpenTelemetry.Proto types, which the package feed
/// does not serve: just the protobuf wire format and the field numbers of open-telemetry/opentelemetry-proto
/// (opentelemetry/proto/collector/metrics/v1/metrics_service.proto, metrics/v1/metrics.proto, common/v1/common.proto).
/// Decoding, rather than searching the bytes for a name, ties a value to its metric and its attributes.
/// </summary>
internal static class OtlpMetricsBody
{
    /// <summary>One data point: its metric, its string attributes, and its value (a gauge's or sum's number, a histogram's count).</summary>
    public sealed record Point(string Metric, IReadOnlyDictionary<string, string> Attributes, double Value);

    public static IReadOnlyList<Point> Points(byte[] body)
    {
        var points = new List<Point>();
        foreach (var resourceMetrics in Messages(body, 1)) // ExportMetricsServiceRequest.resource_metrics
        {
            foreach (var scopeMetrics in Messages(resourceMetrics, 2)) // ResourceMetrics.scope_metrics
            {
                foreach (var metric in Messages(scopeMetrics, 2)) // ScopeMetrics.metrics
                {
                    var name = Strings(metric, 1).Single(); // Metric.name
                    // Metric.gauge = 5 and Metric.sum = 7 hold NumberDataPoints; Metric.histogram = 9 HistogramDataPoints.
                    foreach (var number in Messages(metric, 5).Concat(Messages(metric, 7)))
                    {
                        points.AddRange(Messages(number, 1).Select(p => new Point(name, Attributes(p, 7), NumberValue(p))));
                    }

                    foreach (var histogram in Messages(metric, 9))
                    {
                        points.AddRange(Messages(histogram, 1).Select(p => new Point(name, Attributes(p, 9), Fixed64(p, 4).Single())));
                    }
                }
            }
        }

        return points;
    }

    /// <summary>NumberDataPoint.as_double = 4 (a double) or as_int = 6 (an sfixed64), both 64-bit fields.</summary>
    private static double NumberValue(byte[] point)
    {
        var (number, _, bits) = Fields(point).First(f => f.Number is 4 or 6);
        return number == 4 ? BitConverter.Int64BitsToDouble((long)bits) : (long)bits;
    }

    /// <summary>KeyValue.key = 1, KeyValue.value = 2, AnyValue.string_value = 1 (other value kinds are left out).</summary>
    private static Dictionary<string, string> Attributes(byte[] point, int field) =>
        Messages(point, field).ToDictionary(kv => Strings(kv, 1).Single(), kv => Messages(kv, 2).SelectMany(v => Strings(v, 1)).SingleOrDefault() ?? "");

    private static IEnumerable<byte[]> Messages(byte[] message, int field) =>
        Fields(message).Where(f => f.Number == field && f.Bytes is not null).Select(f => f.Bytes!);

    private static IEnumerable<string> Strings(byte[] message, int field) => Messages(message, field).Select(b => Encoding.UTF8.GetString(b));

    private static IEnumerable<double> Fixed64(byte[] message, int field) =>
        Fields(message).Where(f => f.Number == field && f.Bytes is null).Select(f => (double)f.Bits);

    /// <summary>The wire format: a varint key (field number, wire type), then a varint (0), 8 bytes (1), a length and bytes (2) or 4 bytes (5).</summary>
    private static List<(int Number, byte[]? Bytes, ulong Bits)> Fields(byte[] message)
    {
        var fields = new List<(int, byte[]?, ulong)>();
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    fields.Add((number, null, Varint(message, ref at)));
                    break;
                case 1:
                    fields.Add((number, null, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(at, 8))));
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    fields.Add((number, message[at..(at + length)], 0));
                    at += length;
                    break;
                case 5:
                    fields.Add((number, null, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(at, 4))));
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {key & 7} at byte {at}: not an OTLP protobuf body");
            }
        }

        return fields;
    }

    private static ulong Varint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
