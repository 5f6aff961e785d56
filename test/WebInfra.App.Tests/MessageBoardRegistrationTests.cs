using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WebInfra.App.Storage;

namespace WebInfra.App.Tests;

public sealed class MessageBoardRegistrationTests
{
    [Fact]
    public void Missing_options_stop_the_app_naming_each_one()
    {
        using var services = new ServiceCollection().AddLogging().AddMessageBoard(_ => { }).BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MessageBoardOptions>>().Value);

        Assert.Contains(exception.Failures, f => f.StartsWith("MessageBoardOptions.DatabaseNodes is required", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.StartsWith("MessageBoardOptions.SiteName is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Cluster_observer_runs_once_per_process_however_often_the_board_is_added()
    {
        var services = new ServiceCollection().AddMessageBoard(_ => { }).AddMessageBoard(_ => { });

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DatabaseClusterObserver));
    }

    [Fact]
    public void Map_without_add_says_to_call_AddMessageBoard()
    {
        using var services = new ServiceCollection().BuildServiceProvider();

        var exception = Assert.Throws<InvalidOperationException>(() => new RouteBuilderStub(services).MapMessageBoard());

        Assert.Contains("AddMessageBoard", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Map_adds_the_page_and_the_api_routes()
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddRouting()
            .AddMessageBoard(options =>
            {
                options.DatabaseNodes = ["Server=127.0.0.1"];
                options.SiteName = "www.foobar.com";
            })
            .BuildServiceProvider();
        var builder = new RouteBuilderStub(services);

        builder.MapMessageBoard();

        var routes = builder.DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => $"{string.Join(",", e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods)} {e.RoutePattern.RawText}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(["GET /", "GET /api/posts", "GET /api/posts/{id}", "POST /", "POST /api/posts"], routes);
    }

    private sealed class RouteBuilderStub(IServiceProvider services) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider { get; } = services;

        public ICollection<EndpointDataSource> DataSources { get; } = [];

        public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);
    }
}
