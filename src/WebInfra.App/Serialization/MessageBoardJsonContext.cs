using System.Text.Json;
using System.Text.Json.Serialization;
using WebInfra.App.Posts;

namespace WebInfra.App.Serialization;

/// <summary>
/// Compile-time JSON serializers for what the API returns, so that writing a post uses generated code (no
/// reflection, no warm-up) whatever JSON options the host has configured. Requests are read by
/// <see cref="PostValidator"/> directly, which needs finer errors than a deserializer gives.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Post))]
[JsonSerializable(typeof(IReadOnlyList<Post>))]
internal sealed partial class MessageBoardJsonContext : JsonSerializerContext;
