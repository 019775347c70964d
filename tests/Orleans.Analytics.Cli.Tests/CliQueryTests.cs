using Orleans.Analytics.Cli;

namespace Orleans.Analytics.Cli.Tests;

/// <summary><c>query JOB KEY</c> where there is no silo to ask; the answers of a real silo are in the end-to-end tests.</summary>
public sealed class CliQueryTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_silo_that_does_not_answer_is_named_with_its_address()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var (exit, output, error) = Run("query", "event-aggregator", "click", "--url", "http://127.0.0.1:1", "--timeout", "5s");

        exit.ShouldBe(3);
        output.ShouldBeEmpty();
        error.ShouldStartWith("query: the silo at http://127.0.0.1:1/ did not answer: ");
    }

    [Fact]
    public void A_url_that_is_not_http_is_refused_before_anything_is_sent()
    {
        var (exit, _, error) = Run("query", "event-aggregator", "click", "--url", "localhost:8080");

        exit.ShouldBe(CliApp.BadInput);
        error.ShouldBe("query: --url is 'localhost:8080'; an http:// or https:// address such as http://localhost:8080 was expected." + Environment.NewLine);
    }

    [Fact]
    public void Job_and_key_are_required()
    {
        var (exit, _, error) = Run("query", "event-aggregator");

        exit.ShouldBe(CliApp.BadInput);
        error.ShouldContain("KEY");
    }
}
