using System.Globalization;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace WebInfra.App.Configuration;

/// <summary>
/// Checks <see cref="MessageBoardOptions"/> at start-up. It reports every problem at once instead of stopping
/// at the first, and never echoes a connection string, since those carry passwords.
/// </summary>
internal sealed class MessageBoardOptionsValidator : IValidateOptions<MessageBoardOptions>
{
    /// <summary>The longest read-your-writes wait accepted: longer would hold a read for a replica better skipped.</summary>
    public static readonly TimeSpan MaxReadYourWritesTimeout = TimeSpan.FromSeconds(10);

    public ValidateOptionsResult Validate(string? name, MessageBoardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string Subject = nameof(MessageBoardOptions);

        if (options.DatabaseNodes is null || options.DatabaseNodes.Count == 0)
        {
            errors.Add($"{Subject}.{nameof(MessageBoardOptions.DatabaseNodes)} is required: give the connection string of every database node, primary first or in the topology's order.");
        }
        else
        {
            for (var i = 0; i < options.DatabaseNodes.Count; i++)
            {
                CheckConnectionString(options.DatabaseNodes[i], string.Create(CultureInfo.InvariantCulture, $"{nameof(MessageBoardOptions.DatabaseNodes)}[{i}]"), errors);
            }

            if (options.InitialPrimary < 0 || options.InitialPrimary >= options.DatabaseNodes.Count)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Subject}.{nameof(MessageBoardOptions.InitialPrimary)} is {options.InitialPrimary}: give the index (0 to {options.DatabaseNodes.Count - 1}) of the node the topology names primary."));
            }

            if (options.DatabaseNodeNames is { Count: > 0 } names && (names.Count != options.DatabaseNodes.Count || names.Any(string.IsNullOrWhiteSpace)))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Subject}.{nameof(MessageBoardOptions.DatabaseNodeNames)} names {names.Count(n => !string.IsNullOrWhiteSpace(n))} of {options.DatabaseNodes.Count} nodes: give every node's name, in the order of {nameof(MessageBoardOptions.DatabaseNodes)}, or none."));
            }
        }

        if (options.MaxReplicaLag < TimeSpan.Zero)
        {
            errors.Add($"{Subject}.{nameof(MessageBoardOptions.MaxReplicaLag)} is {options.MaxReplicaLag}: give 0 or more (0 reads only from replicas that are not behind at all).");
        }

        if (options.ReadYourWritesTimeout <= TimeSpan.Zero || options.ReadYourWritesTimeout > MaxReadYourWritesTimeout)
        {
            errors.Add($"{Subject}.{nameof(MessageBoardOptions.ReadYourWritesTimeout)} is {options.ReadYourWritesTimeout}: give more than 0 and at most {MaxReadYourWritesTimeout}, for example 500 ms.");
        }

        if (options.ObservationInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Subject}.{nameof(MessageBoardOptions.ObservationInterval)} is {options.ObservationInterval}: give more than 0, for example 500 ms.");
        }

        if (string.IsNullOrWhiteSpace(options.SiteName))
        {
            errors.Add($"{Subject}.{nameof(MessageBoardOptions.SiteName)} is required: the site's host name shown in the page title, for example www.foobar.com.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckConnectionString(string? connectionString, string property, List<string> errors)
    {
        var subject = $"{nameof(MessageBoardOptions)}.{property}";
        const string Expected = "a database node's connection string, or remove the entry";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            errors.Add($"{subject} is required: give {Expected}.");
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
            errors.Add($"{subject} names no Server: give {Expected}.");
        }
    }
}
