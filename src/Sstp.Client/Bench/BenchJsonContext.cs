using System.Text.Json.Serialization;

namespace Sstp.Client.Bench;

/// <summary>Source-generated JSON for <see cref="BenchReport"/> and <see cref="TlsBenchReport"/> and <see cref="HostileReport"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BenchReport))]
[JsonSerializable(typeof(TlsBenchReport))]
[JsonSerializable(typeof(HostileReport))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
