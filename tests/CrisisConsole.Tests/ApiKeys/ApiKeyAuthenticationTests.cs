using System.Net;
using System.Net.Http.Headers;
using CrisisConsole.Tests.Infrastructure;

namespace CrisisConsole.Tests.ApiKeys;

public sealed class ApiKeyAuthenticationTests : IClassFixture<CrisisConsoleFactory>
{
    private readonly CrisisConsoleFactory factory;

    public ApiKeyAuthenticationTests(CrisisConsoleFactory factory) => this.factory = factory;

    [Fact]
    public async Task Health_answers_200_without_credentials()
    {
        var response = await factory.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Pages_redirect_an_anonymous_visitor_to_sign_in()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task An_unknown_key_gets_401_as_problem_details()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "cck_not-a-real-key");
        var response = await client.GetAsync("/api/v1/contacts?phone=%2B447700900001");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
