using Microsoft.Extensions.Options;
using MySqlConnector;

namespace WebInfra.App.Configuration;

/// <summary>
/// Checks <see cref="MessageBoardOptions"/> at start-up. It reports every problem at once instead of stopping
/// at the first, and never echoes a connection string, since those carry passwords.
/// </summary>
internal sealed class MessageBoardOptionsValidator : IValidateOptions<MessageBoardOptions>
{
    public ValidateOptionsResult Validate(string? name, MessageBoardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        CheckConnectionString(
            options.PrimaryConnectionString,
            nameof(MessageBoardOptions.PrimaryConnectionString),
            "the connection string of the primary database, which takes every write",
            errors);

        if (options.ReplicaConnectionStrings is null)
        {
            errors.Add($"{nameof(MessageBoardOptions)}.{nameof(MessageBoardOptions.ReplicaConnectionStrings)} must not be null; leave it empty to read from the primary.");
        }
        else
        {
            for (var i = 0; i < options.ReplicaConnectionStrings.Count; i++)
            {
                CheckConnectionString(
                    options.ReplicaConnectionStrings[i],
                    $"{nameof(MessageBoardOptions.ReplicaConnectionStrings)}[{i}]",
                    "a replica's connection string, or remove the entry",
                    errors);
            }
        }

        if (string.IsNullOrWhiteSpace(options.SiteName))
        {
            errors.Add($"{nameof(MessageBoardOptions)}.{nameof(MessageBoardOptions.SiteName)} is required: the site's host name shown in the page title, for example www.foobar.com.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckConnectionString(string? connectionString, string property, string expected, List<string> errors)
    {
        var subject = $"{nameof(MessageBoardOptions)}.{property}";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            errors.Add($"{subject} is required: give {expected}.");
            return;
        }

        MySqlConnectionStringBuilder builder;
        try
        {
            builder = new MySqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // MySqlConnector names the bad option and echoes only values it failed to convert (Port, Pooling…);
            // a password is never converted, so the message is safe to show.
            errors.Add($"{subject} is not a valid MySQL connection string: {ex.Message}");
            return;
        }

        if (string.IsNullOrWhiteSpace(builder.Server))
        {
            errors.Add($"{subject} names no Server: give {expected}.");
        }
    }
}
