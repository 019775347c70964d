using System.Text.Json;
using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Core.Tests;

public sealed class EventTimeParserTests
{
    [Theory]
    [InlineData("2024-05-01T12:00:00Z", 1_714_564_800_000)]
    [InlineData("2024-05-01T12:00:00.123Z", 1_714_564_800_123)]
    [InlineData("2024-05-01T14:00:00+02:00", 1_714_564_800_000)]
    [InlineData("2024-05-01T12:00:00", 1_714_564_800_000)]
    [InlineData("2024-05-01 12:00:00.5", 1_714_564_800_500)]
    [InlineData("2024-05-01T12:00:00.1234567Z", 1_714_564_800_123)]
    [InlineData("2024-05-01T12:00:00.123456789Z", 1_714_564_800_123)]
    [InlineData(" 1714564800000 ", 1_714_564_800_000)]
    [InlineData("0", 0)]
    public void Parses_iso_8601_and_epoch_millisecond_text(string text, long expected)
    {
        EventTimeParser.TryParse(text, out var ms, out var error).ShouldBeTrue(error);

        ms.ShouldBe(expected);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("1714564800000.5")]
    [InlineData("05/01/2024")]
    public void Rejects_other_text_naming_the_bad_value(string text)
    {
        EventTimeParser.TryParse(text, out _, out var error).ShouldBeFalse();

        error.ShouldContain($"'{text}'");
    }

    [Fact]
    public void Rejects_missing_and_out_of_range_values()
    {
        EventTimeParser.TryParse((string?)null, out _, out var missing).ShouldBeFalse();
        missing.ShouldContain("missing");

        EventTimeParser.TryParse("99999999999999999999", out _, out var huge).ShouldBeFalse();
        huge.ShouldContain("out of range");

        EventTimeParser.TryParse(long.MaxValue, out _, out var big).ShouldBeFalse();
        big.ShouldContain(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Parses_json_strings_and_numbers()
    {
        using var doc = JsonDocument.Parse("""{"a": 1714564800000, "b": "2024-05-01T12:00:00Z", "c": 1.7145648e12, "d": true, "e": 1.5}""");
        var root = doc.RootElement;

        EventTimeParser.TryParse(root.GetProperty("a"), out var a, out _).ShouldBeTrue();
        EventTimeParser.TryParse(root.GetProperty("b"), out var b, out _).ShouldBeTrue();
        EventTimeParser.TryParse(root.GetProperty("c"), out var c, out _).ShouldBeTrue();
        EventTimeParser.TryParse(root.GetProperty("d"), out _, out var boolError).ShouldBeFalse();
        EventTimeParser.TryParse(root.GetProperty("e"), out _, out var fractionError).ShouldBeFalse();

        a.ShouldBe(1_714_564_800_000);
        b.ShouldBe(1_714_564_800_000);
        c.ShouldBe(1_714_564_800_000);
        boolError.ShouldContain("True");
        fractionError.ShouldContain("1.5");
    }

    [Fact]
    public void Parse_throws_a_format_exception_with_the_reason()
    {
        Should.Throw<FormatException>(() => EventTimeParser.Parse("soon")).Message.ShouldContain("'soon'");
    }

    [Fact]
    public void Iso_formatting_round_trips_and_marks_infinite_watermarks()
    {
        EventTimes.ToIso(1_714_564_800_123).ShouldBe("2024-05-01T12:00:00.123Z");
        EventTimeParser.Parse(EventTimes.ToIso(1_714_564_800_123)).ShouldBe(1_714_564_800_123);
        EventTimes.ToIso(long.MinValue).ShouldBe("-infinity");
        EventTimes.FormatDuration(12_500).ShouldBe("12.5s");
    }
}
